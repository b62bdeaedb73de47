/** A REST caller that reads problem+json and JSON alike; it never throws on a status, only on no answer. */
export interface Reply {
  status: number
  headers: Headers
  body: any
  text: string
}

export interface CallOptions {
  token?: string
  body?: unknown
  headers?: Record<string, string>
  /** Another base URL than the caller's (a replica behind the gateway's back). */
  baseUrl?: string
  signal?: AbortSignal
}

export type Call = (method: string, path: string, options?: CallOptions) => Promise<Reply>

export function caller (baseUrl: string): Call {
  return async (method, path, options = {}) => {
    const response = await fetch(`${options.baseUrl ?? baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal ?? AbortSignal.timeout(30_000)
    })
    const text = await response.text()
    const body = /json/.test(response.headers.get('content-type') ?? '') && text !== '' ? JSON.parse(text) : undefined
    return { status: response.status, headers: response.headers, body, text }
  }
}

/** Polls until the check passes or the time is up, then throws the check's last error. */
export async function eventually<T> (check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}
