import { Type } from 'typebox'
import ipaddr from 'ipaddr.js'
import { ConfigError, loadServiceConfig, requiredInProduction } from '@travel-crm/service-kit/http'

const HOUR = 3_600_000

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  const config = loadServiceConfig('webhooks', {
    /** 32 bytes, base64: the AES-256-GCM key that encrypts the endpoints' signing secrets in the database. */
    WEBHOOK_SECRET_KEY: requiredInProduction(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', default: 'ZGV2LW9ubHktd2ViaG9vay1zZWNyZXQta2V5LTAwMDE=' })),
    /**
     * Host names or CIDRs (comma-separated) that endpoints may point at although they are not public HTTPS
     * addresses, over plain HTTP too: a receiver on the developer's machine, test receivers on 127.0.0.1.
     */
    WEBHOOK_ALLOWED_HOSTS: Type.String({ default: '' }),
    /** DNS servers (`127.0.0.1:5353`, comma-separated) to resolve endpoint hosts with instead of the system's. */
    WEBHOOK_DNS_SERVERS: Type.String({ default: '' }),
    /** An answer must have come within this time, or the attempt counts as failed. */
    WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
    /** The first retry waits about this long; each next one twice as long, with jitter. */
    WEBHOOK_FIRST_RETRY_MS: Type.Integer({ minimum: 10, maximum: HOUR, default: 2_000 }),
    /** Longest wait between two retries. */
    WEBHOOK_MAX_RETRY_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 24 * HOUR, default: HOUR }),
    /** A delivery that has not succeeded this long after it was queued is parked (replay sends it again). */
    WEBHOOK_RETRY_FOR_MS: Type.Integer({ minimum: 100, maximum: 30 * 24 * HOUR, default: 24 * HOUR }),
    /** An endpoint that has not taken a single delivery for this long is disabled, with an event saying so. */
    WEBHOOK_DISABLE_AFTER_MS: Type.Integer({ minimum: 1000, maximum: 90 * 24 * HOUR, default: 5 * 24 * HOUR }),
    /** How long a rotated-out secret keeps signing alongside the new one. */
    WEBHOOK_SECRET_OVERLAP_MS: Type.Integer({ minimum: 0, maximum: 30 * 24 * HOUR, default: 24 * HOUR }),
    /** Endpoints one process sends to at the same time (each endpoint gets one delivery at a time, in order). */
    WEBHOOK_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
    /** How often a process looks for due deliveries when nothing woke it. */
    WEBHOOK_POLL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 250 }),
    /**
     * Delivered and parked deliveries, with their attempts, are deleted this many days after they were queued
     * (pending ones never are); replay sends anything older again from the stream.
     */
    WEBHOOK_DELIVERY_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
    /** How often each replica looks for deliveries to purge (one purges at a time). */
    WEBHOOK_PURGE_INTERVAL_MS: Type.Integer({ minimum: 1000, maximum: 7 * 24 * HOUR, default: HOUR }),
    /**
     * Most deliveries one replay queues. A replay that matches more stops there and answers `next_sequence`:
     * replay again from it for the rest, page by page.
     */
    WEBHOOK_REPLAY_MAX_DELIVERIES: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 10_000 }),
    /** Largest event body sent; a bigger one is parked at once rather than sent. */
    WEBHOOK_MAX_BODY_BYTES: Type.Integer({ minimum: 1024, maximum: 10 * 1024 * 1024, default: 256 * 1024 })
  }, env)
  const allowedHosts = listOf(config.WEBHOOK_ALLOWED_HOSTS)
  const badRanges = allowedHosts.filter((entry) => entry.includes('/') && !ipaddr.isValidCIDR(entry))
  if (badRanges.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - WEBHOOK_ALLOWED_HOSTS has entries that are not CIDRs: ${badRanges.join(', ')}`)
  }
  return {
    ...config,
    allowedHosts,
    dnsServers: listOf(config.WEBHOOK_DNS_SERVERS)
  }
}

function listOf (value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '')
}

export type WebhooksConfig = ReturnType<typeof loadConfig>
