import { Type } from 'typebox'
import { loadServiceConfig, requiredInProduction } from '@travel-crm/service-kit/http'

const seconds = (defaultValue: number, minimum: number) => Type.Integer({ minimum, maximum: 365 * 24 * 3600, default: defaultValue })

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('auth', {
    /** PEM (PKCS#8) Ed25519 private key that signs access tokens; generated into JWT_KEYS_DIR in development. */
    JWT_PRIVATE_KEY: Type.Optional(requiredInProduction(Type.String({ minLength: 1 }))),
    /** PEM public key of the key being rotated out: still published so its tokens stay valid until they expire. */
    JWT_PREVIOUS_PUBLIC_KEY: Type.Optional(Type.String({ minLength: 1 })),
    JWT_KEYS_DIR: Type.String({ minLength: 1, default: '.data/keys' }),
    ACCESS_TOKEN_TTL: seconds(3600, 1),
    REFRESH_TOKEN_TTL: seconds(14 * 24 * 3600, 60),
    BOOTSTRAP_ADMIN_USERNAME: Type.String({ minLength: 3, maxLength: 80, pattern: '^[A-Za-z0-9._-]+$', default: 'admin' }),
    BOOTSTRAP_ADMIN_PASSWORD: Type.Optional(requiredInProduction(Type.String({ minLength: 10, maxLength: 200 }))),
    /** Failed logins per username and address within the window before further attempts get 429. */
    LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
    /** Failed logins per address (any usernames) within the window: stops spraying many names from one place. */
    LOGIN_MAX_FAILURES_PER_ADDRESS: Type.Integer({ minimum: 1, maximum: 100_000, default: 100 }),
    LOGIN_FAILURE_WINDOW: seconds(15 * 60, 1)
  }, env)
}

export type AuthConfig = ReturnType<typeof loadConfig>
