import { migrateService } from '@travel-crm/service-kit'
import { loadConfig } from './config.js'
import { persistence } from './persistence.js'

const applied = await migrateService('billing', loadConfig(), persistence)
process.stdout.write(`billing: ${applied.length} migration(s) applied\n`)
