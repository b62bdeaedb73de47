import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { Socket } from 'node:net'
import { Webhook } from 'standardwebhooks'

/** One request as the receiver got it, and whether the Standard Webhooks reference library accepted it. */
export interface ReceivedWebhook {
  id: string
  headers: IncomingHttpHeaders
  body: string
  /** `type` of the CloudEvent in the body. */
  type: string
  verified: boolean
  receivedAt: number
}

export interface WebhookReceiver {
  url: string
  port: number
  received: ReceivedWebhook[]
  /** Connections ever accepted, whether or not a request came over them. */
  connections: number
  /** The secrets the receiver verifies with (any one may match): change it after a rotation. */
  secrets: string[]
  /** The status the receiver answers a request with; 204 unless set. */
  answer: (request: ReceivedWebhook) => number | { status: number, body?: string, headers?: Record<string, string>, delayMs?: number }
  /** Deliveries of payloads whose type matches, in arrival order. */
  ofType: (type: string) => ReceivedWebhook[]
  /** Stops listening and drops open connections: the integrator's server is down. */
  goDown: () => Promise<void>
  /** Listens again on the same port. */
  comeBack: () => Promise<void>
  close: () => Promise<void>
}

/** Whether the Standard Webhooks reference library accepts a request with any one of the secrets. */
export function verifiesWith (request: { body: string, headers: IncomingHttpHeaders }, secrets: readonly string[]): boolean {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]))
  return secrets.some((secret) => {
    try {
      new Webhook(secret).verify(request.body, headers)
      return true
    } catch {
      return false
    }
  })
}

/**
 * An integrator's HTTP endpoint on 127.0.0.1 that verifies every request with `standardwebhooks` (the
 * specification's reference library), as a receiver in the wild would, and records it.
 */
export async function startWebhookReceiver (options: { secrets?: string[], port?: number } = {}): Promise<WebhookReceiver> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  const receiver: WebhookReceiver = {
    url: '',
    port: options.port ?? 0,
    received: [],
    connections: 0,
    secrets: options.secrets ?? [],
    answer: () => 204,
    ofType: (type) => receiver.received.filter((request) => request.type === type),
    goDown: async () => {
      const closing = server
      server = undefined
      if (closing === undefined) return
      const closed = new Promise<void>((resolve) => closing.close(() => { resolve() }))
      for (const socket of sockets) socket.destroy()
      await closed
    },
    comeBack: async () => { await listen() },
    close: async () => { await receiver.goDown() }
  }

  async function listen (): Promise<void> {
    const created = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        let type = ''
        try { type = String((JSON.parse(body) as { type?: unknown }).type ?? '') } catch { /* not JSON */ }
        const received: ReceivedWebhook = {
          id: String(request.headers['webhook-id'] ?? ''),
          headers: request.headers,
          body,
          type,
          verified: verifiesWith({ body, headers: request.headers }, receiver.secrets),
          receivedAt: Date.now()
        }
        receiver.received.push(received)
        const answer = receiver.answer(received)
        const { status, body: text, headers, delayMs } = typeof answer === 'number' ? { status: answer, body: undefined, headers: undefined, delayMs: undefined } : answer
        const send = () => { if (!response.destroyed) response.writeHead(status, headers).end(text) }
        if (delayMs === undefined) send()
        else setTimeout(send, delayMs)
      })
    })
    created.on('connection', (socket) => {
      receiver.connections += 1
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject)
      created.listen(receiver.port, '127.0.0.1', () => { resolve() })
    })
    const address = created.address()
    receiver.port = typeof address === 'object' && address !== null ? address.port : receiver.port
    receiver.url = `http://127.0.0.1:${receiver.port}/hooks`
    server = created
  }

  await listen()
  return receiver
}
