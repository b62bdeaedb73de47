// Preloaded into each stack process by `BENCH_CPU_PROF=<dir>` (Node 20 refuses --cpu-prof in NODE_OPTIONS):
// records a V8 CPU profile from start to exit and writes it as <dir>/<entry>-<pid>.cpuprofile, which
// Chrome DevTools and speedscope open.
import process from 'node:process'
import { Session } from 'node:inspector'
import { writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

const directory = process.env.BENCH_CPU_PROF_DIR
if (directory !== undefined) {
  const session = new Session()
  session.connect()
  session.post('Profiler.enable')
  session.post('Profiler.setSamplingInterval', { interval: 500 })
  session.post('Profiler.start')
  process.on('exit', () => {
    // An in-process inspector session answers synchronously, so this still runs before the process ends.
    session.post('Profiler.stop', (error, result) => {
      if (error !== null) return
      const entry = process.argv[1] ?? 'process'
      const name = `${basename(dirname(dirname(entry)))}-${process.pid}.cpuprofile`
      writeFileSync(join(directory, name), JSON.stringify(result.profile))
    })
  })
}
