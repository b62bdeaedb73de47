import { runOnServiceSchema } from '@travel-crm/service-kit/data'
import { loadConfig } from './config.js'
import { rotatePassportKey } from './passports.js'
import { persistence } from './persistence.js'

// `pnpm --filter crm rotate-passport-key`: after a new key was put first in CRM_PASSPORT_KEYS. Safe to run while
// crm serves, and again after an interruption; the old keys may be dropped once it reports success.
const config = loadConfig()
const rotated = await runOnServiceSchema({ service: 'crm', config, persistence }, async (orm) =>
  await rotatePassportKey(orm.em.fork(), config.passportKeys))
process.stdout.write(`crm: ${rotated.travellers} passport number(s) and ${rotated.answers} remembered answer(s) sealed again with key ${config.passportKeys.currentId}\n`)
