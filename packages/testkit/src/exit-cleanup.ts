/**
 * Servers started by fault tests are separate processes (pg_ctl even daemonizes the postmaster), so they
 * outlive a test worker that crashes or is stopped. Vitest ends its fork workers with SIGTERM, which skips
 * 'exit' handlers, so the synchronous cleanups registered here run on the termination signals as well.
 */
const cleanups = new Set<() => void>()
const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const
let hooked = false

export function onProcessExit (cleanup: () => void): () => void {
  if (!hooked) {
    hooked = true
    process.once('exit', runCleanups)
    for (const signal of SIGNALS) process.once(signal, () => onSignal(signal))
  }
  cleanups.add(cleanup)
  return () => cleanups.delete(cleanup)
}

function onSignal (signal: (typeof SIGNALS)[number]): void {
  runCleanups()
  // Only we listened, so Node would have died of this signal: re-raise it to keep that default behaviour.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function runCleanups (): void {
  for (const run of cleanups) {
    cleanups.delete(run)
    try {
      run()
    } catch {
      // best effort: the process is ending and there is nobody left to report to
    }
  }
}
