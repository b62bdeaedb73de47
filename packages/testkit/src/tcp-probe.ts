import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

export interface Endpoint {
  host: string
  port: number
}

/** True when something accepts TCP connections at the endpoint within `timeoutMs`. */
export function isListening ({ host, port }: Endpoint, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (listening: boolean): void => {
      socket.destroy()
      resolve(listening)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

/**
 * Polls until the endpoint accepts connections. `abandon` lets the caller stop early, e.g. when the server
 * process it waits for has already exited, so a crash is reported at once instead of after the timeout.
 */
export async function waitUntilListening (
  endpoint: Endpoint,
  { timeoutMs = 15_000, abandon }: { timeoutMs?: number, abandon?: () => Error | undefined } = {}
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reason = abandon?.()
    if (reason) throw reason
    if (await isListening(endpoint, 250)) return
    if (Date.now() > deadline) {
      throw new Error(`nothing listens on ${endpoint.host}:${endpoint.port} after ${timeoutMs} ms`)
    }
    await sleep(50)
  }
}
