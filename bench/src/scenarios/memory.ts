import { STACK_PROCESSES } from '@travel-crm/testkit'
import { stackMemory } from '../resident-memory.js'
import { below, repeat, type Scenario } from '../scenario.js'

const PER_PROCESS_MB = 80
const STACK_MB = 450

/**
 * Each process's resident memory once the other scenarios' load has passed through it: what a small server
 * must hold for the product. Processes of a stack the bench did not start have no pid here and are skipped.
 */
export const memory: Scenario = {
  key: 'memory',
  describe: () => `VmRSS of each stack process after the other scenarios' load (targets: each < ${PER_PROCESS_MB} MB, all < ${STACK_MB} MB)`,
  goals: [...STACK_PROCESSES.map((name) => below(`${name}_mb`, PER_PROCESS_MB)), below('stack_mb', STACK_MB)],
  unavailable: (target) => STACK_PROCESSES.some((name) => target.pid(name) === undefined) ? 'needs the pids of the bench\'s own stack' : undefined,
  run: async ({ target, settings }) => await repeat(settings.runs, async () =>
    stackMemory(STACK_PROCESSES.map((name) => [name, target.pid(name) as number] as const)))
}
