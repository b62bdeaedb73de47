import { fileURLToPath } from 'node:url'
import { Type } from 'typebox'
import { BaseConfig, DEFAULT_PORTS, loadConfig as load } from '@travel-crm/service-kit/http'

function upstream (port: number) {
  return Type.String({ pattern: '^https?://', default: `http://127.0.0.1:${port}` })
}

/** A comma-separated list; empty means none. */
const List = Type.String({ default: '' })

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  const config = load({
    NODE_ENV: BaseConfig.NODE_ENV,
    LOG_LEVEL: BaseConfig.LOG_LEVEL,
    HOST: BaseConfig.HOST,
    JWT_ISSUER: BaseConfig.JWT_ISSUER,
    JWT_AUDIENCE: BaseConfig.JWT_AUDIENCE,
    SHUTDOWN_TIMEOUT_MS: BaseConfig.SHUTDOWN_TIMEOUT_MS,
    // The gateway reads auth's events (never publishes) to refuse tokens of accounts that moved on.
    GATEWAY_SECRET: BaseConfig.GATEWAY_SECRET,
    METRICS_TOKEN: BaseConfig.METRICS_TOKEN,
    NATS_URL: BaseConfig.NATS_URL,
    NATS_USER: BaseConfig.NATS_USER,
    NATS_PASSWORD: BaseConfig.NATS_PASSWORD,
    NATS_STREAM: BaseConfig.NATS_STREAM,
    NATS_SUBJECT_PREFIX: BaseConfig.NATS_SUBJECT_PREFIX,
    /** The built web app served at /app/ (`pnpm --filter web build` writes it). */
    WEB_APP_DIR: Type.String({ minLength: 1, default: fileURLToPath(new URL('../../web/dist', import.meta.url)) }),
    /** How often the live event stream (`GET /live`) sends a comment line, so proxies keep it open and the app sees it alive. */
    LIVE_HEARTBEAT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 15_000 }),
    GATEWAY_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: DEFAULT_PORTS.gateway }),
    AUTH_URL: upstream(DEFAULT_PORTS.auth),
    CRM_URL: upstream(DEFAULT_PORTS.crm),
    BILLING_URL: upstream(DEFAULT_PORTS.billing),
    REPORTING_URL: upstream(DEFAULT_PORTS.reporting),
    WEBHOOKS_URL: upstream(DEFAULT_PORTS.webhooks),
    /** The gateway is the edge: nobody's `X-Forwarded-For` is believed unless a load balancer in front is named. */
    TRUST_PROXY: List,
    /** Requests per minute per client address, on every route. */
    RATE_LIMIT_MAX: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 600 }),
    /** Login attempts per minute per client address. */
    LOGIN_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 20 }),
    /**
     * Redis (`redis://host:6379/0`) holding the rate-limit counters, so that gateway replicas count together;
     * unset, each gateway process counts on its own.
     */
    RATE_LIMIT_REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    /** Prefix of the counters' keys in Redis (several deployments, or test runs, may share one Redis). */
    RATE_LIMIT_REDIS_PREFIX: Type.String({ pattern: '^[A-Za-z0-9_:.-]+$', default: 'travel-crm:rate-limit:' }),
    /** Addresses or CIDRs never rate limited (`loopback` for benchmarks); none by default. */
    RATE_LIMIT_ALLOW: List,
    /** Browser origins allowed to call the API (`https://crm.example.com`); none by default. */
    CORS_ORIGINS: List,
    BODY_LIMIT: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024 }),
    /** How long an upstream may take to start answering (and may pause while streaming) before a 504. */
    UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 15_000 }),
    UPSTREAM_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 2_000 }),
    /** An unknown `kid` makes the gateway refetch auth's JWKS at most this often. */
    JWKS_COOLDOWN_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 30_000 }),
    /** How long a service's OpenAPI document is used before it is fetched again (it changes when the service is redeployed). */
    API_DOCUMENT_MAX_AGE_MS: Type.Integer({ minimum: 0, maximum: 86_400_000, default: 60_000 })
  }, env)
  return {
    ...config,
    /** How long the gateway waits at start for its account replica (tests shorten it). */
    accountsBuildTimeoutMs: 10_000,
    trustProxy: listOf(config.TRUST_PROXY),
    rateLimitAllow: listOf(config.RATE_LIMIT_ALLOW),
    corsOrigins: listOf(config.CORS_ORIGINS)
  }
}

function listOf (value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '')
}

export type GatewayConfig = ReturnType<typeof loadConfig>
