/**
 * The mapping templates of the bench's VTL lines, shared by `npm run bench` and `npm run bench:instructions`
 * so both measure the same rendering.
 */

/** What a request template of a non-proxy method typically reads: parameters, `$context`, headers in a loop. */
export const BENCH_REQUEST_FIELDS = `"id": $input.params('id'), "type": "$util.escapeJavaScript($input.params('type'))", "stage": "$context.stage",
  "headers": {#foreach($name in ['accept', 'user-agent'])"$name": "$util.escapeJavaScript($input.params().header.get($name))"#if($foreach.hasNext), #end#end}`

/** The MOCK method's request template: the status MOCK answers with, and the fields above. */
export const BENCH_MOCK_REQUEST_TEMPLATE = `{"statusCode": 200, ${BENCH_REQUEST_FIELDS}}`

/** The MOCK method's response template: a parameter set and escaped, and `$context.requestId`. */
export const BENCH_MOCK_RESPONSE_TEMPLATE = '#set($id = $input.params(\'id\'))\n{"pet": {"id": $id, "kind": "$util.escapeJavaScript($input.params(\'type\'))"}, "requestId": "$context.requestId"}'

/** Reshapes the backend's `{"id", "type", "price"}` answer. */
export const BENCH_RESPONSE_TEMPLATE = `#set($pet = $input.path('$'))
{"pet": {"id": $pet.id, "kind": "$pet.type", "price": {"amount": $pet.price, "currency": "USD"}}, "requestId": "$context.requestId"}`
