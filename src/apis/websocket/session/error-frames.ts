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

/**
 * A message past its route's throttle (the stage's route settings, the account's, the key's usage
 * plan): the 429 "Too Many Requests" the developer guide gives for throttled requests ("Protect your
 * WebSocket APIs in API Gateway") as a frame; no capture shows the frame, so it takes the shape of
 * the ones above.
 */
export const tooManyRequestsFrame = (connectionId: string, requestId: string): string => errorFrame('Too Many Requests', connectionId, requestId)

/** A message past its key's usage-plan quota: REST's "Limit Exceeded" text (as widely reported), in the same shape; no capture shows it. */
export const limitExceededFrame = (connectionId: string, requestId: string): string => errorFrame('Limit Exceeded', connectionId, requestId)
