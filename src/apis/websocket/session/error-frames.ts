/**
 * The frames API Gateway sends of its own on a WebSocket connection, spaced as users captured them:
 * one space after the first colon only (simple-websockets-chat-app issues #24 and #42 on GitHub,
 * aws-samples; nearst/laconia#41).
 */
function errorFrame(message: string, connectionId: string, requestId: string): string {
  return `{"message": ${JSON.stringify(message)}, "connectionId":${JSON.stringify(connectionId)}, "requestId":${JSON.stringify(requestId)}}`
}

/** No route matched the message and the API has no `$default` route; the connection stays open. */
export const forbiddenFrame = (connectionId: string, requestId: string): string => errorFrame('Forbidden', connectionId, requestId)

/** The route's integration failed (a Lambda error, a missing function). */
export const internalServerErrorFrame = (connectionId: string, requestId: string): string => errorFrame('Internal server error', connectionId, requestId)

/**
 * A message its route's model refused: the "Bad request body" gateway response (developer guide,
 * "Request validation for WebSocket APIs in API Gateway"), with REST's text for it; no recording shows
 * the frame, so it takes the shape of the two above.
 */
export const badRequestBodyFrame = (connectionId: string, requestId: string): string => errorFrame('Invalid request body', connectionId, requestId)
