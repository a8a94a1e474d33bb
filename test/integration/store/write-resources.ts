import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts'

/**
 * A second process for the change-feed test: writes `count` transactions of one resource each to
 * the SQLite file it is given, ids prefixed so the watcher can tell the writers apart.
 */
const [filename, prefix, count] = process.argv.slice(2)
const store = new SqliteStore({ filename })
for (let i = 0; i < Number(count); i++) {
  await store.transaction((tx) => tx.put('resource', 'w', `${prefix}${i}`, { id: `${prefix}${i}`, path: `/${i}` }))
}
await store.close()
