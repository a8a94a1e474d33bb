import { ApiGatewayManagementApiClient, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi'
import { addConnection, readConnections, removeConnection } from './connections.mjs'

// One handler for the chat's four routes, as it would run on AWS Lambda behind a WebSocket API
// (API Gateway developer guide, "Tutorial: Create a WebSocket chat app").
export const handler = async (event) => {
  const { routeKey, connectionId, apiId } = event.requestContext
  switch (routeKey) {
    case '$connect':
      await addConnection(apiId, connectionId)
      return { statusCode: 200 }
    case '$disconnect':
      await removeConnection(apiId, connectionId)
      return { statusCode: 200 }
    case 'sendmessage':
      return sendMessage(event)
    default:
      // $default is a two-way route (its route response sends this body back to the sender).
      return { statusCode: 200, body: 'Send {"action":"sendmessage","message":"..."} to talk to everyone here.' }
  }
}

// Posts the message to every connection through the @connections API of the stage the message came in on.
async function sendMessage(event) {
  const { connectionId, apiId, domainName, stage } = event.requestContext
  let message
  try {
    message = JSON.parse(event.body).message
  } catch {
    message = undefined
  }
  if (typeof message !== 'string') return { statusCode: 400, body: 'message must be a string' }
  const client = new ApiGatewayManagementApiClient({ endpoint: `https://${domainName}/${stage}` })
  // The sender is a member even if the list was lost since it connected.
  await addConnection(apiId, connectionId)
  for (const id of await readConnections(apiId)) {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: id, Data: message }))
    } catch (error) {
      // 410 Gone: the client left without its $disconnect reaching us; forget it.
      if (!(error instanceof GoneException)) throw error
      await removeConnection(apiId, id)
    }
  }
  return { statusCode: 200 }
}
