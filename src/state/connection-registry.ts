/**
 * The WebSocket connections a gateway holds (developer guide, "Use @connections commands in your
 * backend service"): what GetConnection reports of each, and the way to reach its socket, so that
 * PostToConnection and DeleteConnection find it. The memory adapter serves one process; the Redis
 * adapter (`redis/redis-connection-registry.ts`, a channel per node) lets any node reach a client
 * connected to another, and hands a node's connections to a survivor when that node stops without
 * closing them.
 */
export interface ConnectionRecord {
  readonly connectionId: string
  readonly apiId: string
  readonly stage: string
  /** The Host the client connected to (its events' `domainName`). */
  readonly domainName: string
  /** Epoch milliseconds. */
  readonly connectedAt: number
  readonly lastActiveAt: number
  readonly sourceIp: string
  readonly userAgent?: string
  /** The `$connect` authorizer's answer, which the connection's later events carry. */
  readonly authorizer?: Readonly<Record<string, unknown>>
  /** The IAM caller of an AWS_IAM `$connect`, which the connection's later events name. */
  readonly iamIdentity?: WebSocketIamIdentity
  /** The API key `$connect` accepted, which the connection's events name and its routes requiring a key check again. */
  readonly apiKey?: { readonly apiKey: string; readonly apiKeyId: string }
}

/** What an AWS_IAM caller adds to its events' `requestContext.identity`, as REST's AWS_IAM events carry it (sample event: powertools-ts/apigw-rest/iam-auth.json). */
export interface WebSocketIamIdentity {
  readonly accessKey: string
  readonly accountId: string
  readonly caller: string
  readonly user: string
  readonly userArn: string
}

/** The socket of a connection, on the node that holds it. */
export interface ConnectionEndpoint {
  /** Sends one text frame. */
  send(data: Buffer): void
  /** Closes the socket with this close code; the node then fires `$disconnect`. */
  close(code: number, reason: string): void
}

export interface ConnectionRegistry {
  add(record: ConnectionRecord, endpoint: ConnectionEndpoint): Promise<void>
  get(connectionId: string): Promise<ConnectionRecord | undefined>
  /** A message arrived or was sent: `LastActiveAt` moves on. */
  touch(connectionId: string, at: number): Promise<void>
  remove(connectionId: string): Promise<void>
  /** Sends to the connection wherever it is held; false when there is none (AWS's 410 Gone). */
  post(connectionId: string, data: Buffer): Promise<boolean>
  /** Closes the connection wherever it is held; false when there is none. */
  disconnect(connectionId: string, code: number, reason: string): Promise<boolean>
  /**
   * Connections whose node stopped without closing them (it crashed, or lost its Redis): another node
   * finds them, removes them and hands each to exactly one listener, so that `$disconnect` still runs.
   * One process alone never loses any.
   */
  onLost(listener: (record: ConnectionRecord) => void): void
  /** Stops this node's share of the registry (its heartbeat, its channel); its open sockets are the caller's. */
  close(): Promise<void>
}
