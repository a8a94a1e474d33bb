/**
 * A REST API's RequestValidator (recorded: test_apigateway_api > test_request_validator_lifecycle): which parts of a request API Gateway checks before
 * the integration sees it. Both flags default to false. `name` is optional on
 * CreateRequestValidator (CloudFormation's `Name` is not required): one never given is stored as ''.
 */
export interface RequestValidator {
  id: string
  name: string
  validateRequestBody: boolean
  validateRequestParameters: boolean
}
