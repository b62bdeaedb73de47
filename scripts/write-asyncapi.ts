/** `pnpm docs:asyncapi`: writes docs/asyncapi.json from the contracts, the file integrators read. */
import { writeFileSync } from 'node:fs'
import { asyncApiDocument } from '@travel-crm/contracts'

const target = new URL('../docs/asyncapi.json', import.meta.url)
writeFileSync(target, `${JSON.stringify(asyncApiDocument(), null, 2)}\n`)
process.stdout.write(`wrote ${target.pathname}\n`)
