import { setTimeout as sleep } from 'node:timers/promises'
import { STACK_PROCESSES } from '@travel-crm/testkit'
import { stackMemory } from '../resident-memory.js'
import { below, repeat, type Scenario } from '../scenario.js'

const PER_PROCESS_MB = 80
const STACK_MB = 450
/**
 * How long the stack is left without requests before the second reading. V8 gives back the heap it grew under
 * load only when its memory reducer runs (from 8 s after the last full collection, if the process allocates
 * little by then), so the first reading holds garbage the second may not.
 */
const SETTLE_SECONDS = 20

/**
 * Each process's resident memory once the other scenarios' load has passed through it: what a small server
 * must hold for the product. The targets are judged on the reading right after the load; `<process>_settled_mb`
 * reads the same processes again after SETTLE_SECONDS without requests, so garbage not yet given back can be
 * told from memory the process keeps. Processes of a stack the bench did not start have no pid here and are
 * skipped. Each reading comes with the processes' proportional shares (`_pss_mb`, resident-memory.ts says why).
 */
export const memory: Scenario = {
  key: 'memory',
  describe: () => `VmRSS (and Pss) of each stack process right after the other scenarios' load (targets, on VmRSS: each < ${PER_PROCESS_MB} MB, all < ${STACK_MB} MB), and again after ${SETTLE_SECONDS} s without requests`,
  goals: [...STACK_PROCESSES.map((name) => below(`${name}_mb`, PER_PROCESS_MB)), below('stack_mb', STACK_MB)],
  unavailable: (target) => STACK_PROCESSES.some((name) => target.pid(name) === undefined) ? 'needs the pids of the bench\'s own stack' : undefined,
  run: async ({ target, settings }) => {
    const processes = STACK_PROCESSES.map((name) => [name, target.pid(name) as number] as const)
    const afterLoad = await repeat(settings.runs, async () => stackMemory(processes))
    await sleep(SETTLE_SECONDS * 1000)
    const settled = await repeat(settings.runs, async () =>
      Object.fromEntries(Object.entries(stackMemory(processes)).map(([figure, value]) => [figure.replace(/_mb$/, '_settled_mb'), value])))
    return { ...afterLoad, ...settled }
  }
}
