import { createService, type ServiceApp, type ServiceConfig } from '@travel-crm/service-kit'
import { persistence } from './persistence.js'

export async function buildApp (config: ServiceConfig): Promise<ServiceApp> {
  return await createService({
    name: 'reporting',
    config,
    persistence,
    routes: async () => {}
  })
}
