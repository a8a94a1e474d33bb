/** A JSON object as a management API body parses to: its members are checked by the operation that reads them. */
export type JsonObject = Record<string, unknown>
