import { readFileSync } from 'node:fs'

/** Resident memory of a process, from the kernel's own accounting. */
export function residentMegabytes (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kilobytes) / 1024
}

/**
 * A process's proportional share of memory (Pss): its own pages, plus each page it shares with other processes
 * divided by how many map it. VmRSS counts the `node` binary's pages (about 45 MB, the same file for every
 * process of the stack) in full in each one; Pss counts them once across the processes that share them, so the
 * stack's Pss sums to the memory the machine actually gives it.
 */
export function proportionalMegabytes (pid: number): number {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
  const kilobytes = /^Pss:\s+(\d+) kB$/m.exec(rollup)?.[1]
  if (kilobytes === undefined) throw new Error(`no Pss for process ${pid}`)
  return Number(kilobytes) / 1024
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
