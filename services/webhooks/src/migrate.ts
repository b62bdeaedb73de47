import { migrateService } from '@travel-crm/service-kit'
import { loadConfig } from './config.js'
import { persistence } from './persistence.js'

const applied = await migrateService('webhooks', loadConfig(), persistence)
process.stdout.write(`webhooks: ${applied.length} migration(s) applied\n`)
