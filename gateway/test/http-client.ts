export interface Answer {
  status: number
  /** The problem's stable code, when the answer is problem+json. */
  code: string | undefined
  headers: Headers
  body: any
}

/** One HTTP call over the network, the way a REST client makes it. */
export async function call (base: string, method: string, path: string, options: { token?: string, body?: unknown, headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: AbortSignal.timeout(20_000)
  })
  const text = await response.text()
  let body: any = text
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text)
  return { status: response.status, code: typeof body === 'object' && body !== null ? body.code : undefined, headers: response.headers, body }
}
