import { loadServiceConfig } from '@travel-crm/service-kit'

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('crm', {}, env)
}
