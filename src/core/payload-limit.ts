/**
 * API Gateway's payload limit for REST APIs (developer guide, "Amazon API Gateway quotas": payload
 * size, 10 MB, cannot be increased). It bounds what a client sends (413 over it) and what an
 * integration answers.
 */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024
