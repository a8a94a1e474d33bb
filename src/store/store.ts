import type { Account } from '../model/account.ts'
import type { ApiKey } from '../model/api-key.ts'
import type { Authorizer } from '../model/authorizer.ts'
import type { Deployment, DeploymentSnapshot } from '../model/deployment.ts'
import type { GatewayResponse } from '../model/gateway-response.ts'
import type { Model } from '../model/model.ts'
import type { RequestValidator } from '../model/request-validator.ts'
import type { Resource } from '../model/resource.ts'
import type { RestApi } from '../model/rest-api.ts'
import type { Stage } from '../model/stage.ts'
import type { UsagePlan, UsagePlanKey } from '../model/usage-plan.ts'

/**
 * The kinds of document the store keeps, and their shapes. Each document lives under a scope
 * (the REST API id for API-owned things, '' for account-wide ones) and an id unique in that scope.
 */
export interface DocumentTypes {
  restapi: RestApi
  resource: Resource
  deployment: Deployment
  'deployment-snapshot': DeploymentSnapshot
  stage: Stage
  'gateway-response': GatewayResponse
  model: Model
  authorizer: Authorizer
  'request-validator': RequestValidator
  /** Account-wide (ACCOUNT_SCOPE). */
  'api-key': ApiKey
  /** Account-wide (ACCOUNT_SCOPE). */
  'usage-plan': UsagePlan
  /** Under `usagePlanKeyScope(planId)`, keyed by the API key's id. */
  'usage-plan-key': UsagePlanKey
  /** Account-wide (ACCOUNT_SCOPE), id ACCOUNT_ID: GetAccount/UpdateAccount; absent until first changed. */
  account: Account
}

export type DocumentKind = keyof DocumentTypes

/** The scope of account-wide documents (REST APIs themselves, later API keys and usage plans). */
export const ACCOUNT_SCOPE = ''

/** The id of the one account document. */
export const ACCOUNT_ID = 'account'

/** A plan's keys live in their own scope, never one a REST API id could name (deleteScope takes a whole scope). */
export const usagePlanKeyScope = (usagePlanId: string): string => `usageplan:${usagePlanId}`

export interface StoreReader {
  get<K extends DocumentKind>(kind: K, scope: string, id: string): Promise<DocumentTypes[K] | undefined>
  /** Every document of a kind in a scope, in the order they were first written. */
  list<K extends DocumentKind>(kind: K, scope: string): Promise<DocumentTypes[K][]>
}

export interface StoreTransaction extends StoreReader {
  /** Writes a new document; false (and nothing written) when the id is taken in that scope. */
  insert<K extends DocumentKind>(kind: K, scope: string, id: string, doc: DocumentTypes[K]): Promise<boolean>
  /** Writes a document, replacing any with the same id; the original creation order is kept. */
  put<K extends DocumentKind>(kind: K, scope: string, id: string, doc: DocumentTypes[K]): Promise<void>
  delete(kind: DocumentKind, scope: string, id: string): Promise<boolean>
  /** Deletes every document of every kind in a scope (a deleted REST API takes all it owns). */
  deleteScope(scope: string): Promise<number>
}

/**
 * The persistent store. Writes happen only inside `transaction`: either all of a unit of work is
 * stored or none of it is, so a request that fails half-way never leaves a half-written API.
 * Transactions are serialised; reads outside a transaction see only committed data.
 */
export interface Store extends StoreReader {
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>
  close(): Promise<void>
}
