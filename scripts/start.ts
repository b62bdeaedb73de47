/**
 * The launcher. `pnpm start`: the whole stack in the foreground, each process running its bundle, as production
 * runs it; scripts/launch.mjs first builds what is stale (scripts/build-when-stale.ts, under tsx, skipped when
 * scripts/build-freshness.mjs finds nothing changed), then runs this file bundled (scripts/bundle/start.js) in
 * the same plain node process, so the one process that lives as long as the stack holds no
 * TypeScript tooling. `pnpm dev` (`--source`, under tsx): the same stack from the TypeScript sources through
 * tsx, each process restarting when a file it loaded changes; the quick loop, never for production. Each service
 * migrates its own schema as it starts; the gateway comes last. Ctrl-C (or SIGTERM) reaches every process, which
 * shuts down gracefully; if one process dies, the others are stopped too, so the stack never runs half-way.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { NODE_FLAGS, PROCESS_ENV } from '@travel-crm/contracts/process'
import { bundledEntry, PROCESS_DIRS, PROCESS_NAMES, type ProcessName } from './processes.js'

// The repository: this file's directory's parent, from scripts/ and from scripts/bundle/ alike.
const root = fileURLToPath(new URL(import.meta.url.includes('/scripts/bundle/') ? '../..' : '..', import.meta.url))
const children = new Map<string, ChildProcess>()
let stopping = false
const fromSource = process.argv.includes('--source')
// The gateway proves itself to the services with a shared secret (see service-kit's gateway-proof.ts); for a
// stack on one machine a fresh one per start serves as well as any.
const env = { ...PROCESS_ENV, ...process.env, GATEWAY_SECRET: process.env['GATEWAY_SECRET'] ?? randomBytes(24).toString('base64url') }

function start (name: ProcessName): void {
  const dir = PROCESS_DIRS[name]
  const args = fromSource
    ? ['--watch', '--conditions=development', '--import', 'tsx', `${dir}/src/main.ts`]
    : [...NODE_FLAGS, bundledEntry(name)]
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env
  })
  children.set(dir, child)
  child.on('exit', (code, signal) => {
    children.delete(dir)
    if (!stopping) {
      process.stderr.write(`${dir} exited (${signal ?? code}); stopping the stack\n`)
      process.exitCode = 1
      stop('SIGTERM')
    }
    if (children.size === 0) process.exit()
  })
}

function stop (signal: NodeJS.Signals): void {
  if (stopping) return
  stopping = true
  for (const child of children.values()) child.kill(signal)
  setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL')
  }, 15_000).unref()
}

process.on('SIGINT', () => { stop('SIGINT') })
process.on('SIGTERM', () => { stop('SIGTERM') })
for (const name of PROCESS_NAMES) start(name)
