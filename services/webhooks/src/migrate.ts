import { migrateService } from '@travel-crm/service-kit/data'
import { loadConfig } from './config.js'
import { persistence } from './persistence.js'

await migrateService({ service: 'webhooks', config: loadConfig(), persistence })
