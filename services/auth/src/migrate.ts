import { migrateService } from '@travel-crm/service-kit'
import { loadConfig } from './config.js'
import { persistence } from './persistence.js'

const applied = await migrateService('auth', loadConfig(), persistence)
process.stdout.write(`auth: ${applied.length} migration(s) applied\n`)
