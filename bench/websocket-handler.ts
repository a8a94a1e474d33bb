// Lambda handlers of the WebSocket bench lines: trivial, so that the cost measured is the gateway's.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi'

interface WebSocketEvent { body?: string; requestContext: { connectionId: string; domainName: string; stage: string } }

/** A two-way route: `whoami` answers the connection's id, anything else comes back as it is. */
export async function echo(event: WebSocketEvent) {
  return { statusCode: 200, body: event.body === 'whoami' ? event.requestContext.connectionId : event.body }
}

let client: ApiGatewayManagementApiClient | undefined

/** Echo as a handler written for AWS does it: PostToConnection to `https://${domainName}/${stage}`. */
export async function post(event: WebSocketEvent) {
  client ??= new ApiGatewayManagementApiClient({ endpoint: `https://${event.requestContext.domainName}/${event.requestContext.stage}` })
  await client.send(new PostToConnectionCommand({ ConnectionId: event.requestContext.connectionId, Data: event.body ?? '' }))
  return { statusCode: 200 }
}
