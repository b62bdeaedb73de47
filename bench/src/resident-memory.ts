import { readdirSync, readFileSync } from 'node:fs'

/**
 * A process and every process under it: billing's document renderer runs as a child process while invoices are
 * being rendered (`@travel-crm/documents/renderer`), and its memory is billing's as much as a thread's was;
 * `pnpm start`'s shell has its launcher under it, and the launcher the stack's processes.
 */
export function processTree (pid: number): number[] {
  // Each thread's children apart: a thread that ended since the listing (V8's helpers come and go) has none.
  const childrenOf = (task: string): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
    } catch {
      return []
    }
  }
  let tasks: string[]
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    tasks = []
  }
  return [pid, ...tasks.flatMap(childrenOf).flatMap(processTree)]
}

/** A figure from one of the kernel's files, in kB, for a process and those under it (one that ended meanwhile counts 0). */
function treeKilobytes (pid: number, file: string, field: RegExp): number {
  return processTree(pid).reduce((sum, member) => {
    let text: string
    try {
      text = readFileSync(`/proc/${member}/${file}`, 'utf8')
    } catch (error) {
      if (member === pid) throw error
      return sum
    }
    const kilobytes = field.exec(text)?.[1]
    if (kilobytes === undefined) throw new Error(`no ${field.source} in /proc/${member}/${file}`)
    return sum + Number(kilobytes)
  }, 0)
}

/** Resident memory of a process and the processes it started, from the kernel's own accounting. */
export function residentMegabytes (pid: number): number {
  return treeKilobytes(pid, 'status', /^VmRSS:\s+(\d+) kB$/m) / 1024
}

/**
 * A process's proportional share of memory (Pss), with the processes it started: its own pages, plus each page
 * it shares with other processes divided by how many map it. VmRSS counts the `node` binary's pages (about 45 MB,
 * the same file for every process of the stack) in full in each one; Pss counts them once across the processes
 * that share them, so the stack's Pss sums to the memory the machine actually gives it.
 */
export function proportionalMegabytes (pid: number): number {
  return treeKilobytes(pid, 'smaps_rollup', /^Pss:\s+(\d+) kB$/m) / 1024
}

const total = (figures: Record<string, number>): number => Object.values(figures).reduce((sum, value) => sum + value, 0)

/**
 * Each named process's resident memory as `<name>_mb`, their sum as `stack_mb`, and the same as proportional
 * shares (`<name>_pss_mb`, `stack_pss_mb`): the targets are set on the first, the second is what the stack costs
 * a server.
 */
export function stackMemory (processes: ReadonlyArray<readonly [name: string, pid: number]>): Record<string, number> {
  const resident = Object.fromEntries(processes.map(([name, pid]) => [`${name}_mb`, residentMegabytes(pid)]))
  const proportional = Object.fromEntries(processes.map(([name, pid]) => [`${name}_pss_mb`, proportionalMegabytes(pid)]))
  return { ...resident, stack_mb: total(resident), ...proportional, stack_pss_mb: total(proportional) }
}

/** How often `peakResidentDuring` reads a process's VmRSS. */
export const RSS_SAMPLE_EVERY_MS = 10

/**
 * Runs `work` while sampling the process's VmRSS, and answers its result with the memory before it and the
 * highest seen during it (read once more at the end, so a peak at the last moment counts). Without a pid (a
 * remote target) both are NaN.
 */
export async function peakResidentDuring<T> (pid: number | undefined, work: () => Promise<T>): Promise<{ result: T, baseline: number, peak: number }> {
  const baseline = pid === undefined ? Number.NaN : residentMegabytes(pid)
  let peak = baseline
  const sample = () => { if (pid !== undefined) peak = Math.max(peak, residentMegabytes(pid)) }
  const sampler = setInterval(sample, RSS_SAMPLE_EVERY_MS)
  let result: T
  try {
    result = await work()
  } finally {
    clearInterval(sampler)
  }
  sample()
  return { result, baseline, peak }
}
