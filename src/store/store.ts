import type { Account } from '../model/account.ts'
import type { ApiKey } from '../model/api-key.ts'
import type { Authorizer } from '../model/authorizer.ts'
import type { StoredClientCertificate } from '../model/client-certificate.ts'
import type { Deployment, DeploymentSnapshot } from '../model/deployment.ts'
import type { DocumentationPart, DocumentationVersion } from '../model/documentation.ts'
import type { GatewayResponse } from '../model/gateway-response.ts'
import type { Model } from '../model/model.ts'
import type { RequestValidator } from '../model/request-validator.ts'
import type { Resource } from '../model/resource.ts'
import type { RestApi } from '../model/rest-api.ts'
import type { Stage } from '../model/stage.ts'
import type { UsagePlan, UsagePlanKey } from '../model/usage-plan.ts'
import type { VpcLink } from '../model/vpc-link.ts'
import type { HttpAuthorizer } from '../model/v2/authorizer.ts'
import type { HttpApi } from '../model/v2/http-api.ts'
import type { HttpDeployment, HttpDeploymentSnapshot } from '../model/v2/deployment.ts'
import type { HttpIntegration } from '../model/v2/integration.ts'
import type { HttpRoute } from '../model/v2/route.ts'
import type { WebSocketModel } from '../model/v2/websocket-model.ts'
import type { HttpStage } from '../model/v2/stage.ts'
import type { StoreHealth } from './store-health.ts'

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
  /** Under the REST API's id. */
  'documentation-part': DocumentationPart
  /** Under the REST API's id, keyed by version name. */
  'documentation-version': DocumentationVersion
  /** Account-wide (ACCOUNT_SCOPE). */
  'api-key': ApiKey
  /** Account-wide (ACCOUNT_SCOPE). */
  'usage-plan': UsagePlan
  /** Account-wide (ACCOUNT_SCOPE), with its private key. */
  'client-certificate': StoredClientCertificate
  /** Account-wide (ACCOUNT_SCOPE): REST's VpcLinks. */
  'vpc-link': VpcLink
  /** Under `usagePlanKeyScope(planId)`, keyed by the API key's id. */
  'usage-plan-key': UsagePlanKey
  /** Account-wide (ACCOUNT_SCOPE), id ACCOUNT_ID: GetAccount/UpdateAccount; absent until first changed. */
  account: Account
  /** A v2 API (HTTP or WebSocket); account-wide (ACCOUNT_SCOPE). Its ids never repeat a REST API's: both answer on one execute-api host. */
  'v2-api': HttpApi
  /** Under the v2 API's id, as a REST API's resources are under its id. */
  'v2-route': HttpRoute
  /** Under the v2 API's id. */
  'v2-integration': HttpIntegration
  /** Under the v2 API's id. */
  'v2-authorizer': HttpAuthorizer
  /** Under the v2 API's id, keyed by model id: a WebSocket API's models. */
  'v2-model': WebSocketModel
  /** Under the v2 API's id, keyed by stage name. */
  'v2-stage': HttpStage
  /** Under the v2 API's id. */
  'v2-deployment': HttpDeployment
  /** Under the v2 API's id, keyed by deployment id: the routes and integrations that deployment serves. */
  'v2-deployment-snapshot': HttpDeploymentSnapshot
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
  /**
   * Hands every document of a kind in a scope to `visit`, in the order `list` gives, one at a time,
   * where the store can read them so: a reader that keeps only a little of each (a million API keys)
   * never holds them all at once. Absent, a reader falls back to `list`.
   */
  forEachDocument?<K extends DocumentKind>(kind: K, scope: string, visit: (doc: DocumentTypes[K]) => void): Promise<void>
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
 * One write a committed transaction made. `deleteScope` names no kind or id: everything the scope
 * held is gone, so a reader drops whatever it derived from that scope.
 */
export type StoreChange =
  | { readonly op: 'put' | 'delete'; readonly kind: DocumentKind; readonly scope: string; readonly id: string }
  | { readonly op: 'deleteScope'; readonly scope: string; readonly kind?: undefined; readonly id?: undefined }

/**
 * What a watcher receives: one committed transaction, or a reset when the revisions it missed are
 * no longer kept (or its `since` belongs to another history): it must reload everything it holds,
 * and later events continue from `revision`.
 */
export type StoreChangeEvent =
  | { readonly revision: number; readonly reset?: undefined; readonly changes: readonly StoreChange[] }
  | { readonly revision: number; readonly reset: true; readonly changes?: undefined }

/**
 * Called once per event, in revision order. A returned promise is awaited before the next event
 * reaches this listener (so async work cannot reorder); a throw or rejection is reported and skipped.
 */
export type StoreChangeListener = (event: StoreChangeEvent) => void | Promise<void>

export interface StoreSubscription {
  /** Stops delivery at once (an event being handled finishes); idempotent. */
  close(): void
}

/**
 * The persistent store. Writes happen only inside `transaction`: either all of a unit of work is
 * stored or none of it is, so a request that fails half-way never leaves a half-written API.
 * Transactions are serialised; reads outside a transaction see only committed data.
 *
 * Every committed transaction that wrote something gets the next revision, store-wide (shared by
 * every process on the same data). A reader that must follow the data without gaps takes
 * `revision()`, loads what it needs, then `watch(thatRevision, ...)`: anything committed after that
 * revision — including between the two calls — is delivered; anything loaded twice is harmless.
 */
export interface Store extends StoreReader {
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>
  /** The latest committed revision; 0 for a store never written. */
  revision(): Promise<number>
  /**
   * Delivers every committed transaction with a revision above `since`, first those already
   * committed, then each new one as it commits here or in another process. Never on the caller's
   * stack: the first delivery comes after `watch` has returned.
   */
  watch(since: number, listener: StoreChangeListener): StoreSubscription
  /** Whether the store's database answers (GET /_gatehouse/health); never throws, never waits. */
  health(): StoreHealth
  /** Closes every subscription too. */
  close(): Promise<void>
}
