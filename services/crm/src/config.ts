import { Type } from 'typebox'
import { ConfigError, loadServiceConfig, requiredInProduction } from '@travel-crm/service-kit/http'
import { Keyring, KEYRING_PATTERN } from '@travel-crm/service-kit/data'

/** For a laptop only: production refuses a ring holding it (see loadConfig). */
const DEVELOPMENT_PASSPORT_KEYS = 'dev:ZGV2LW9ubHktY3JtLXBhc3Nwb3J0LWtleS0wMDAwMDE='

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  const config = loadServiceConfig('crm', {
    /** The currency of a trip whose price comes without one. */
    DEFAULT_CURRENCY: Type.String({ pattern: '^[A-Z]{3}$', default: 'EUR' }),
    /**
     * The keys passport numbers are encrypted with: `id:base64key` (32 bytes), comma-separated, the current one
     * first. To rotate: put a new key first, keep the old ones, run `pnpm --filter crm rotate-passport-key`, then
     * drop the old ones.
     */
    CRM_PASSPORT_KEYS: requiredInProduction(Type.String({ pattern: KEYRING_PATTERN, default: DEVELOPMENT_PASSPORT_KEYS }))
  }, env)
  let passportKeys: Keyring
  try {
    passportKeys = Keyring.parse(config.CRM_PASSPORT_KEYS)
  } catch (error) {
    throw new ConfigError(`Invalid configuration:\n  - CRM_PASSPORT_KEYS ${(error as Error).message}`)
  }
  // Listed beside a real key, the development key would still seal every passport a production crm writes.
  if (config.NODE_ENV === 'production' && passportKeys.holdsAnyKeyOf(Keyring.parse(DEVELOPMENT_PASSPORT_KEYS))) {
    throw new ConfigError('Invalid configuration:\n  - CRM_PASSPORT_KEYS must not hold the development key when NODE_ENV=production')
  }
  return { ...config, passportKeys }
}

export type CrmConfig = ReturnType<typeof loadConfig>
