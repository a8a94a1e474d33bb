// A trivial Lambda proxy handler: the cost measured is the gateway's, not the function's.
export async function handler() {
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: '{"id":1,"type":"dog","price":249.99}' }
}
