/** A WebSocket API's model (API reference v2, "Model"): a JSON Schema draft 4 document, addressed by its id. */
export interface WebSocketModel {
  modelId: string
  name: string
  schema: string
  contentType?: string
  description?: string
}
