/**
 * `_X_AMZN_TRACE_ID`, which Lambda's runtime sets to each invocation's X-Ray trace header (Lambda
 * developer guide, "Defined runtime environment variables"), held by the runtime in JavaScript
 * rather than in the process's C environment. Assigning to `process.env` calls the C library's
 * setenv, which keeps every distinct value it was ever given (glibc never frees them): a new
 * trace header per invocation grew a warm environment by about 120 bytes an invocation and cost
 * about 4 µs. `process.env` becomes a view of the real environment in which this one variable is
 * the runtime's: reads, `in`, enumeration and spreading (as child_process does for the
 * environment of a process the handler spawns) all see it; every other variable is the real one,
 * so assigning TZ still resets the time zone. Only native code calling getenv misses it.
 */
const NAME = '_X_AMZN_TRACE_ID'

/** Installs the view; returns the setter the runtime calls with each invocation's trace header. */
export function holdTraceIdVariable(): (traceId: string) => void {
  const environment = process.env
  let value = environment[NAME]
  if (value !== undefined) delete environment[NAME]
  const descriptor = (): PropertyDescriptor | undefined => (value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true })
  process.env = new Proxy(environment, {
    get: (target, key) => (key === NAME ? value : Reflect.get(target, key)),
    set: (target, key, assigned) => {
      if (key !== NAME) return Reflect.set(target, key, assigned)
      // As process.env does, a value is stored as its string.
      value = String(assigned)
      return true
    },
    has: (target, key) => (key === NAME ? value !== undefined : Reflect.has(target, key)),
    deleteProperty: (target, key) => {
      if (key !== NAME) return Reflect.deleteProperty(target, key)
      value = undefined
      return true
    },
    ownKeys: (target) => (value === undefined ? Reflect.ownKeys(target) : [...Reflect.ownKeys(target), NAME]),
    getOwnPropertyDescriptor: (target, key) => (key === NAME ? descriptor() : Reflect.getOwnPropertyDescriptor(target, key)),
    defineProperty: (target, key, defined) => {
      if (key !== NAME) return Reflect.defineProperty(target, key, defined)
      value = String(defined.value)
      return true
    },
  })
  return (traceId) => {
    value = traceId
  }
}
