import { readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Who is in the chat: the connection ids of its WebSocket clients.
//
// AWS's samples keep these in a DynamoDB table, which every Lambda function and every execution
// environment reads alike. A local example has no DynamoDB, so it keeps them where a Lambda function
// can keep files: a JSON file in the function's /tmp (os.tmpdir()), named by the API id. /tmp belongs
// to one execution environment, so template.yaml has one function serve every route with a reserved
// concurrency of 1: every route then reads and writes the same file, one invocation at a time. When
// the environment is retired (idle for a while, or the code changed), the list starts empty again;
// whoever sends a message is added back. On AWS, use DynamoDB.

const fileOf = (apiId) => join(tmpdir(), `chat-connections-${apiId}.json`)

export async function readConnections(apiId) {
  try {
    return JSON.parse(await readFile(fileOf(apiId), 'utf8'))
  } catch (error) {
    if (error.code === 'ENOENT') return []
    throw error
  }
}

async function writeConnections(apiId, ids) {
  // Written aside, then renamed over: a crash mid-write leaves the previous list, not half of one.
  const file = fileOf(apiId)
  await writeFile(`${file}.next`, JSON.stringify(ids))
  await rename(`${file}.next`, file)
}

export async function addConnection(apiId, connectionId) {
  const ids = await readConnections(apiId)
  if (!ids.includes(connectionId)) await writeConnections(apiId, [...ids, connectionId])
}

export async function removeConnection(apiId, connectionId) {
  const ids = await readConnections(apiId)
  if (ids.includes(connectionId)) await writeConnections(apiId, ids.filter((id) => id !== connectionId))
}
