#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on any Node to say clearly when the Node is too old.
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `Gatehouse needs Node.js 22.18 or newer (24 LTS recommended); this is ${process.version}.\n` +
      'Run it through npm (npm start, npx gatehouse), which uses the Node 24 that npm install brought, or install Node 24.',
  )
  process.exit(1)
}
await import('../src/cli/main.ts')
