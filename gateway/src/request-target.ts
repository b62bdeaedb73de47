import type { FastifyInstance } from 'fastify'
import { problemBody, sendProblem } from '@travel-crm/service-kit/http'

/** Parsing the path as the proxy's URL parser will, on a base that cannot be mistaken for a real host. */
const BASE = 'http://gateway.invalid'

/**
 * Segments of letters, digits and the characters a URL parser never encodes or resolves in a path (no `.`, `%`
 * or `\\`), at most a trailing `/`. Parsing a URL costs a fifth of the gateway's own work per request.
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~!$&'()*+,;=:@-]+)*\/?$/

/**
 * Why the gateway will not forward this request target, or undefined when it may. The policy checks the path
 * the router matched; the service must get exactly that path. A URL parser on the way (the proxy's WHATWG
 * `URL`) would turn `\` into `/`, resolve `.` and `..` segments, also percent-encoded ones, and read an
 * absolute-form target (`http://elsewhere/login`) as another host: `/clients/6\..\..\users` would pass the
 * policy as a client read and reach crm as `/users`. So only targets that parsing leaves byte for byte as
 * they are get through; the rest are refused as the client sent them, not quietly repaired.
 */
export function requestTargetProblem (target: string): string | undefined {
  if (!target.startsWith('/') || target.startsWith('//')) return 'The request target must be a path starting with a single "/" (origin form), not an absolute URL'
  const queryAt = target.indexOf('?')
  const path = queryAt === -1 ? target : target.slice(0, queryAt)
  // Nearly every request: the parser keeps a path of such segments as it is, and a query never changes the path.
  if (PLAIN_PATH.test(path)) return undefined
  if (/\\|%5c/i.test(path)) return 'The path must not contain backslashes'
  if (/%2f/i.test(path)) return 'The path must not contain an encoded "/"'
  if (path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) return 'The path must not contain "." or ".." segments'
  let parsed: URL
  try {
    parsed = new URL(target, BASE)
  } catch {
    return 'The request target is not a valid URL path'
  }
  if (parsed.origin !== BASE || parsed.pathname !== path) return 'The path must be sent exactly as a URL parser keeps it (percent-encode other characters)'
  return undefined
}

/** Every request, matched or not, before the policy or the router's 404: a target the proxy would rewrite is a 400. */
export function refuseRewritableTargets (app: FastifyInstance): void {
  // A callback hook, not an async one: every request passes here, and nearly all without a word.
  app.addHook('onRequest', (request, reply, done) => {
    const problem = requestTargetProblem(request.url)
    if (problem === undefined) {
      done()
      return
    }
    sendProblem(reply, problemBody(400, 'BAD_REQUEST_TARGET', problem, request.url.slice(0, 200)))
  })
}
