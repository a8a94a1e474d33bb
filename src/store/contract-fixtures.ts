import type { Resource } from '../model/resource.ts'
import type { RestApi } from '../model/rest-api.ts'

/**
 * The documents the store contracts and the adapters' own tests write: any valid REST API and
 * resource will do, so they are made in one place and every suite writes the same shapes.
 */

/** A REST API named `name` (its id unless given), otherwise as CreateRestApi makes one by default. */
export const contractApi = (id: string, name = id): RestApi => ({
  id,
  name,
  createdDate: 1_700_000_000,
  apiKeySource: 'HEADER',
  endpointConfiguration: { types: ['EDGE'], ipAddressType: 'ipv4' },
  disableExecuteApiEndpoint: false,
  rootResourceId: 'root',
})

export const contractResource = (id: string, path: string): Resource => ({ id, path })
