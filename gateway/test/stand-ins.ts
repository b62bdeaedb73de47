import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { freePort } from '@travel-crm/testkit'

export interface ReceivedRequest { method: string, url: string, headers: IncomingMessage['headers'], body: string }

export interface StandIn {
  url: string
  received: ReceivedRequest[]
  close: () => Promise<void>
}

/**
 * An HTTP server in place of a service, for what only the gateway decides: where a request goes, which
 * headers arrive, how a failing upstream is reported. By default it answers with what it received.
 */
export async function startStandIn (answer?: (request: ReceivedRequest, response: ServerResponse) => void): Promise<StandIn> {
  const received: ReceivedRequest[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      received.push(seen)
      if (answer !== undefined) return answer(seen, response)
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
    }
  }
}

/** A URL where nothing listens: connections are refused. */
export async function nothingListening (): Promise<string> {
  return `http://127.0.0.1:${await freePort()}`
}
