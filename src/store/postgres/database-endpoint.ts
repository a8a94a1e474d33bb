/**
 * Where a PostgreSQL URL points, for messages: `host:port/database`, never the user or password.
 * A `host` query parameter (a Unix socket directory, as libpq reads it) wins over the URL's host.
 */
export function describeDatabaseEndpoint(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'an unparseable database URL'
  }
  const host = parsed.searchParams.get('host') ?? (parsed.hostname === '' ? 'localhost' : parsed.hostname)
  const port = parsed.searchParams.get('port') ?? (parsed.port === '' ? '5432' : parsed.port)
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''))
  return `${host}:${port}${database === '' ? '' : `/${database}`}`
}
