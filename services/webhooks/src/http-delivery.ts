import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import type { CheckedTarget } from './address-policy.js'

/** What one attempt came to: an answer (any status) or an error before one. */
export interface AttemptResult {
  statusCode: number | null
  error: string | null
  durationMs: number
  /** The first RESPONSE_KEPT_BYTES of the answer, for the deliveries list. */
  responseBody: string | null
}

const RESPONSE_KEPT_BYTES = 1024
/** A receiver's answer headers beyond this are an error: nothing a webhook receiver needs to say is that long. */
const MAX_RESPONSE_HEADER_BYTES = 16 * 1024

// Kept-alive connections: a busy endpoint takes its events one after another on one connection. A pooled socket
// stays connected to the address that was checked when it was opened.
const agents = { 'http:': new HttpAgent({ keepAlive: true, maxSockets: 8 }), 'https:': new HttpsAgent({ keepAlive: true, maxSockets: 8 }) }

/**
 * POSTs a body to the checked target. The connection goes to the address that was checked (the `lookup` below
 * answers it whatever DNS says now), TLS still verifies the certificate for the URL's host name, redirects are
 * not followed (a 3xx is a failed attempt), and only the start of the answer is read.
 */
export async function postTo (target: CheckedTarget, headers: Record<string, string>, body: string, timeoutMs: number): Promise<AttemptResult> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all === true) (callback as (error: null, addresses: Array<{ address: string, family: number }>) => void)(null, [{ address: target.address, family: target.family }])
    else callback(null, target.address, target.family)
  }
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest
  return await new Promise<AttemptResult>((resolve) => {
    let settled = false
    const finish = (result: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve({ ...result, durationMs: elapsed() })
    }
    const request = send(target.url, {
      method: 'POST',
      lookup: pinned,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'travel-crm-webhooks/1' },
      maxHeaderSize: MAX_RESPONSE_HEADER_BYTES,
      agent: target.url.protocol === 'https:' ? agents['https:'] : agents['http:']
    }, (response: IncomingMessage) => {
      const chunks: Buffer[] = []
      let kept = 0
      const done = () => { finish({ statusCode: response.statusCode ?? null, error: null, responseBody: Buffer.concat(chunks).toString('utf8') }) }
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk.subarray(0, RESPONSE_KEPT_BYTES - kept))
        kept += Math.min(chunk.length, RESPONSE_KEPT_BYTES - kept)
        // A longer answer is cut off: its connection is closed rather than read to the end.
        if (kept >= RESPONSE_KEPT_BYTES) { done(); response.destroy() }
      })
      response.on('end', done)
      response.on('error', done)
    })
    const timer = setTimeout(() => { request.destroy(new Error(`no answer within ${timeoutMs} ms`)) }, timeoutMs)
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ statusCode: null, error: error.code !== undefined ? `${error.code}: ${error.message}` : error.message, responseBody: null })
    })
    request.end(body)
  })
}
