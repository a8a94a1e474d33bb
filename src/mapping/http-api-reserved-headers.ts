/**
 * The headers HTTP API parameter mapping may not touch (developer guide, "Transforming API requests
 * and responses for HTTP APIs", "Reserved headers"): `access-control-*`, `apigw-*`, `x-amz-*`,
 * `x-amzn-*` and the named ones, case-insensitively.
 */
export const HTTP_API_RESERVED_HEADER =
  /^(access-control-.*|apigw-.*|x-amz-.*|x-amzn-.*|authorization|connection|content-encoding|content-length|content-location|forwarded|keep-alive|origin|proxy-authenticate|proxy-authorization|te|trailers|transfer-encoding|upgrade|x-forwarded-for|x-forwarded-host|x-forwarded-proto|via)$/i
