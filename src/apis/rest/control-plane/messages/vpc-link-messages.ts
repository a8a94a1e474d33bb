/**
 * The catalogue's texts for REST's VpcLinks (vpc-link.ts), recorded by test_apigateway_api >
 * TestApiGatewayVpcLink unless said otherwise. messages.ts has the rules every entry follows.
 */
export const VPC_LINK_MESSAGES = {
  // recorded: test_apigateway_api > test_get_vpc_link_invalid_id > get_vpc_link_invalid_id
  vpcLinkNotFound: 'Invalid Vpc Link identifier specified',
  // recorded: test_apigateway_api > test_create_vpc_link_invalid_parameters > create_vpc_link_invalid_target_arn
  invalidVpcLinkTargetArn: (arn: string) => `Invalid ARN. ARN is not well formed ${arn}`,
  // recorded: test_apigateway_api > test_create_vpc_link_invalid_parameters > create_vpc_link_empty_name
  vpcLinkNameEmpty: 'Name cannot be empty',
  // recorded: test_apigateway_api > test_vpc_link_lifecycle > get_vpc_link
  vpcLinkReady: 'Your vpc link is ready for use',
} as const
