import { readFileSync } from 'node:fs'

/** Resident memory of a process, from the kernel's own accounting. */
export function residentMegabytes (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kilobytes) / 1024
}

/** Each named process's resident memory as `<name>_mb`, and their sum as `stack_mb`. */
export function stackMemory (processes: ReadonlyArray<readonly [name: string, pid: number]>): Record<string, number> {
  const figures = Object.fromEntries(processes.map(([name, pid]) => [`${name}_mb`, residentMegabytes(pid)]))
  return { ...figures, stack_mb: Object.values(figures).reduce((sum, value) => sum + value, 0) }
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
