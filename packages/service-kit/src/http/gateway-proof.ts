import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'

/** The header in which the gateway proves to a service that a request came through it. */
export const GATEWAY_PROOF_HEADER = 'x-gateway-proof'

/** What a request may say about its path before the service: believed only when the gateway vouches for it. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'forwarded']

function digest (value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/**
 * `X-Forwarded-For` decides which address auth's login throttle counts, so only the gateway may set it. An
 * address check (`TRUST_PROXY`) alone cannot tell the gateway from any other process on the same host or
 * network, so the gateway also sends the shared `GATEWAY_SECRET`; a request without it (a client talking
 * straight to the service) has its forwarding headers removed before anything reads them, and is counted by
 * the address it really comes from. Without a secret configured, no forwarding header is ever believed.
 */
export function believeForwardingOnlyFromGateway (app: FastifyInstance, secret: string | undefined): void {
  const expected = secret === undefined ? undefined : digest(secret)
  app.addHook('onRequest', (request, _reply, done) => {
    const headers = request.raw.headers
    const proof = headers[GATEWAY_PROOF_HEADER]
    // Compared as digests: equal lengths for timingSafeEqual, and no timing hint about the secret.
    const proven = expected !== undefined && typeof proof === 'string' && timingSafeEqual(digest(proof), expected)
    delete headers[GATEWAY_PROOF_HEADER]
    if (!proven) for (const name of FORWARDING_HEADERS) delete headers[name]
    done()
  })
}
