/** A reply as tests read it: the status, the headers, the body parsed when it is JSON, and its text. */
export interface Reply {
  status: number
  headers: Headers
  // Tests read a reply's fields as they expect them and assert on them: a schema per reply would be the test twice.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  /** The problem's stable code, when the answer is problem+json. */
  code: string | undefined
  text: string
}

export interface CallOptions {
  token?: string
  /** Sent as JSON. */
  body?: unknown
  /** Bytes sent as they are (with a JSON content type), for bodies that are not JSON or too large to build. */
  raw?: string
  headers?: Record<string, string>
  /** Another base URL than the caller's (a replica behind the gateway's back). */
  baseUrl?: string
  signal?: AbortSignal
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<Reply>

/**
 * The one REST caller of the tests that go over the network: reads problem+json and JSON alike, never throws on a status (tests
 * assert on it), only when no answer comes within 30 s.
 */
export function caller (baseUrl: string, defaultHeaders: Record<string, string> = {}): Call {
  return async (method, path, options = {}) => {
    const hasBody = options.body !== undefined || options.raw !== undefined
    const response = await fetch(`${options.baseUrl ?? baseUrl}${path}`, {
      method,
      headers: {
        ...defaultHeaders,
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers
      },
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal ?? AbortSignal.timeout(30_000)
    })
    const text = await response.text()
    const body = /json/.test(response.headers.get('content-type') ?? '') && text !== '' ? JSON.parse(text) : undefined
    const code = typeof body === 'object' && body !== null && typeof body.code === 'string' ? body.code as string : undefined
    return { status: response.status, headers: response.headers, body, code, text }
  }
}

/** Polls until the check passes: read models follow writes through events, a moment later. */
export async function eventually<T> (check: () => Promise<T>, timeoutMs = 30_000, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
  }
}
