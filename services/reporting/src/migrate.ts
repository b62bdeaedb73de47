import { migrateService } from '@travel-crm/service-kit'
import { loadConfig } from './config.js'
import { persistence } from './persistence.js'

const applied = await migrateService('reporting', loadConfig(), persistence)
process.stdout.write(`reporting: ${applied.length} migration(s) applied\n`)
