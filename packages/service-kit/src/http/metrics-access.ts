import { createHash, timingSafeEqual } from 'node:crypto'
import type { onRequestAsyncHookHandler } from 'fastify'
import { Problems } from './problem.js'

function digest (value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

/**
 * `/metrics` names versions, routes, request counts, backlogs and dead letters: a map for an attacker. Only a
 * scraper holding `METRICS_TOKEN` (sent as `Authorization: Bearer <token>`) reads it; without a token set,
 * nobody does.
 */
export function metricsAccess (token: string | undefined): onRequestAsyncHookHandler {
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`)
  return async (request) => {
    const given = request.headers.authorization
    if (expected === undefined || given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new Problems.unauthenticated('Metrics are for scrapers that hold METRICS_TOKEN: send it as a Bearer token')
    }
  }
}
