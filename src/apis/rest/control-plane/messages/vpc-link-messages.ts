/**
 * The catalogue's texts for REST's VpcLinks (vpc-link.ts), recorded by test_apigateway_api >
 * TestApiGatewayVpcLink unless said otherwise. messages.ts has the rules every entry follows.
 */
export const VPC_LINK_MESSAGES = {
  // recorded: test_apigateway_api > test_get_vpc_link_invalid_id > get_vpc_link_invalid_id
  vpcLinkNotFound: 'Invalid Vpc Link identifier specified',
} as const
