import { loadConfig } from './config.js'
import { rebuildReadModels } from './read-models.js'

// `node --conditions=development --import tsx services/reporting/src/rebuild.ts`: drops the read models and
// replays the stream from its start, with the same configuration as the service.
const started = Date.now()
await rebuildReadModels(loadConfig(), { report: (line) => { process.stdout.write(`reporting: ${line}\n`) } })
process.stdout.write(`reporting: read models rebuilt from the stream in ${Math.round((Date.now() - started) / 1000)} s\n`)
