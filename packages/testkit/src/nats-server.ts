import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onProcessExit } from './exit-cleanup.js'
import { freePort } from './free-port.js'
import { isListening, waitUntilListening } from './tcp-probe.js'

const NATS_SERVER = '/usr/sbin/nats-server'

export interface NatsServer {
  url: string
  port: number
  /** SIGTERM, then waits for the process to exit. JetStream data stays in the store dir. */
  stop(): Promise<void>
  /** Starts it again on the same port and store dir. */
  start(): Promise<void>
  /** Stops it for good and removes its store dir. */
  kill(): Promise<void>
}

/**
 * A nats-server of the caller's own, for fault tests that take NATS away; the shared server on 4222 is
 * never touched.
 */
export async function startNatsServer (options: { port?: number } = {}): Promise<NatsServer> {
  const port = options.port ?? (await freePort())
  const dir = mkdtempSync(join(tmpdir(), 'tcrm-nats-'))
  const logFile = join(dir, 'nats-server.log')
  const endpoint = { host: '127.0.0.1', port }
  let child: ChildProcess | undefined
  let removed = false

  const start = async (): Promise<void> => {
    if (removed) throw new Error('this nats-server was killed; start a new one')
    if (child) return
    // someone else's listener would pass the readiness probe below and hide that ours could not bind
    if (await isListening(endpoint)) throw new Error(`port ${port} is already in use; nats-server cannot start there`)
    const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'jetstream'), '-l', logFile]
    const server = spawn(NATS_SERVER, args, { stdio: 'ignore' })
    child = server
    let exited: Error | undefined
    server.once('error', (error) => {
      // a binary that cannot be spawned emits no 'exit', so stop() must not wait for one
      exited = error
      if (child === server) child = undefined
    })
    server.once('exit', (code, signal) => {
      exited ??= new Error(`nats-server exited (${signal ?? code}) before accepting connections:\n${logTail(logFile)}`)
      if (child === server) child = undefined
    })
    try {
      await waitUntilListening(endpoint, { abandon: () => exited })
    } catch (error) {
      await stop()
      throw error
    }
  }

  const stop = async (): Promise<void> => {
    const running = child
    if (!running) return
    if (running.exitCode === null && running.signalCode === null) {
      const exit = once(running, 'exit')
      running.kill('SIGTERM')
      const timer = setTimeout(() => running.kill('SIGKILL'), 10_000)
      await exit
      clearTimeout(timer)
    }
    child = undefined
  }

  const forget = onProcessExit(() => {
    child?.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  const kill = async (): Promise<void> => {
    await stop()
    removed = true
    rmSync(dir, { recursive: true, force: true })
    forget()
  }

  try {
    await start()
  } catch (error) {
    await kill()
    throw error
  }
  return { url: `nats://127.0.0.1:${port}`, port, stop, start, kill }
}

function logTail (file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-10).join('\n')
  } catch {
    return '(no log written)'
  }
}
