import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * The one reader of the AWS recordings the repository keeps in `test/parity/recordings/` (its
 * README says where they come from and how to read them). Tests address a recording as they cite
 * it: `[LS file > test > key]` is `recording(file, test)[key]`.
 */
export const RECORDINGS_DIR = resolve(import.meta.dirname, '../parity/recordings')

type SnapshotFile = Record<string, { 'recorded-date': string; 'recorded-content': Record<string, any> }>

const snapshotFiles = new Map<string, SnapshotFile>()

function snapshotFile(file: string): SnapshotFile {
  let snapshots = snapshotFiles.get(file)
  if (snapshots === undefined) {
    snapshots = JSON.parse(readFileSync(resolve(RECORDINGS_DIR, 'localstack-snapshots', `${file}.snapshot.json`), 'utf8')) as SnapshotFile
    snapshotFiles.set(file, snapshots)
  }
  return snapshots
}

/**
 * The `recorded-content` of one LocalStack snapshot test: `file` without `.snapshot.json`
 * (`test_apigateway_common`), `test` with its class (`TestApigatewayRouting::test_routing_not_found`)
 * or without, and with its parameters (`test_http_integration_method[HTTP]`).
 */
export function recording(file: string, test: string): Record<string, any> {
  const snapshots = snapshotFile(file)
  const found = Object.keys(snapshots).filter((key) => key.endsWith(`::${test}`))
  assert.equal(found.length, 1, `exactly one recording named ${test} in ${file}`)
  return snapshots[found[0]]['recorded-content']
}

/** Where an OpenAPI / Swagger document the LocalStack tests import lives, for a client that reads the file itself. */
export const inputPath = (name: string): string => resolve(RECORDINGS_DIR, 'inputs', name)

/** The text of an OpenAPI / Swagger document the LocalStack tests import (`inputs/`). */
export const inputDocument = (name: string): string => readFileSync(inputPath(name), 'utf8')

/** A sample event published by an AWS-maintained project (`sample-events/<project>/<path>`), parsed. */
export function sampleEvent(path: string): any {
  return JSON.parse(readFileSync(resolve(RECORDINGS_DIR, 'sample-events', path), 'utf8'))
}

/** What HTTP APIs answer of their own and the developer guide's route-priority table (`http-api-answers.json`), each entry with its source. */
export function httpApiAnswers(): any {
  return JSON.parse(readFileSync(resolve(RECORDINGS_DIR, 'http-api-answers.json'), 'utf8'))
}
