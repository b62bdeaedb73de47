import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * What `pnpm start` runs (the build when stale, then the bundled launcher), read from package.json, for a shell
 * to run without pnpm's own start-up: the start-up test and the bench's start-up both time exactly that.
 */
export const START_COMMAND = (JSON.parse(readFileSync(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { scripts: Record<string, string> }).scripts['start'] as string
