import { migrateService } from '@travel-crm/service-kit'
import { loadConfig } from './config.js'
import { persistence } from './persistence.js'

const applied = await migrateService('crm', loadConfig(), persistence)
process.stdout.write(`crm: ${applied.length} migration(s) applied\n`)
