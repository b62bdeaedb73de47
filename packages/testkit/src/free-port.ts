import { createServer } from 'node:net'

/**
 * Asks the kernel for a port that is free right now. Another process may still take it before the caller
 * binds; that race is accepted because the servers we start on it fail loudly and tests can retry.
 */
export function freePort (host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not determine a free port'))))
    })
  })
}
