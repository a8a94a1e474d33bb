/**
 * The example's Lambda function: a plain AWS Lambda proxy handler (payload 1.0), exactly what a
 * user would deploy to AWS Lambda behind API Gateway.
 */
interface ProxyEvent {
  httpMethod: string
  resource: string
  pathParameters: Record<string, string> | null
  queryStringParameters: Record<string, string> | null
  body: string | null
  requestContext: { requestId: string; stage: string }
}

interface Pet {
  id: number
  type: string
  price: number
}

const pets: Pet[] = [
  { id: 1, type: 'dog', price: 249.99 },
  { id: 2, type: 'cat', price: 124.99 },
  { id: 3, type: 'fish', price: 0.99 },
]

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
})

export async function handler(event: ProxyEvent) {
  if (event.resource === '/pets' && event.httpMethod === 'GET') {
    const type = event.queryStringParameters?.type
    return json(200, type === undefined ? pets : pets.filter((pet) => pet.type === type))
  }
  if (event.resource === '/pets' && event.httpMethod === 'POST') {
    let input: Partial<Pet>
    try {
      input = JSON.parse(event.body ?? '{}') as Partial<Pet>
    } catch {
      return json(400, { message: 'body must be JSON' })
    }
    if (typeof input.type !== 'string' || typeof input.price !== 'number') {
      return json(400, { message: 'type (string) and price (number) are required' })
    }
    const pet = { id: pets.length + 1, type: input.type, price: input.price }
    pets.push(pet)
    return json(201, pet)
  }
  if (event.resource === '/pets/{petId}') {
    const pet = pets.find((candidate) => String(candidate.id) === event.pathParameters?.petId)
    return pet === undefined ? json(404, { message: `no pet ${event.pathParameters?.petId}` }) : json(200, pet)
  }
  return json(404, { message: 'not found' })
}
