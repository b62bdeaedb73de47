import { execFileSync } from 'node:child_process'
import { cpus, loadavg, release, totalmem, type } from 'node:os'

export interface Machine {
  cpu_model: string
  cores: number
  memory_gb: number
  node: string
  os: string
  /** One-minute load average when the run began: others share this machine, and it shows. */
  load_average_at_start: number
}

export function describeMachine (): Machine {
  const [cpu] = cpus()
  return {
    cpu_model: cpu?.model ?? 'unknown',
    cores: cpus().length,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    os: `${type()} ${release()}`,
    load_average_at_start: Math.round((loadavg()[0] ?? 0) * 100) / 100
  }
}

/** The commit the bench ran on, marked when the work tree had changes. */
export function currentCommit (): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim() !== ''
    return dirty ? `${commit}+changes` : commit
  } catch {
    return 'unknown'
  }
}
