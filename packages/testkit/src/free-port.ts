import { randomInt } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the ports the kernel picks by itself begin: for a listen on port 0 and for the source port of every outgoing
 * connection. A port taken from this range and handed to a process that binds it seconds later can meanwhile
 * become the source port of one of the many connections tests open to Postgres, NATS and the services (a crm
 * of a fault test's stack once stopped at start on EADDRINUSE that way).
 */
function kernelRangeStart (): number | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    return low !== undefined && high !== undefined && Number.isInteger(low) && low <= high ? low : undefined
  } catch {
    return undefined
  }
}

/** Ports handed out come from here up to the kernel's own range. */
const LOWEST = 10_000
const RESERVATIONS = join(tmpdir(), 'tcrm-free-ports')
/** A port handed out is not handed out again, by any process of the machine, for this long. */
const RESERVED_FOR_MS = 30 * 60_000

/**
 * Claims the port for this process by creating its file, which only one creator gets; a claim older than
 * RESERVED_FOR_MS is given up. Two test processes of one machine thus never get the same port while one of them
 * is still starting the server it is for. Without a writable directory, nothing is claimed.
 */
function claim (port: number): boolean {
  const file = join(RESERVATIONS, String(port))
  try {
    mkdirSync(RESERVATIONS, { recursive: true })
    closeSync(openSync(file, 'wx'))
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return true
  }
  try {
    if (Date.now() - statSync(file).mtimeMs < RESERVED_FOR_MS) return false
    unlinkSync(file)
    closeSync(openSync(file, 'wx'))
    return true
  } catch {
    // Another process gave up the same old claim and made its own just now.
    return false
  }
}

/** Binds the port (0: any the kernel picks) and lets it go; the port bound, or undefined when it was taken. */
async function bindOnce (port: number, host: string): Promise<number | undefined> {
  return await new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => { resolve(undefined) })
    server.listen(port, host, () => {
      const address = server.address()
      const bound = typeof address === 'object' && address !== null ? address.port : undefined
      server.close(() => { resolve(bound) })
    })
  })
}

/**
 * A port that is free now, for a server a test starts on it: taken below the kernel's own range (so that no
 * outgoing connection takes it before the server binds) and claimed for the machine (so that no other test
 * process is given it meanwhile). Another program could still bind it first; the servers we start on it fail
 * loudly then.
 */
export async function freePort (host = '127.0.0.1'): Promise<number> {
  const kernelLow = kernelRangeStart()
  if (kernelLow === undefined || kernelLow - LOWEST < 1000) {
    // A machine whose range leaves no room below it: the kernel's pick, from its own range.
    const picked = await bindOnce(0, host)
    if (picked === undefined || picked === 0) throw new Error('could not determine a free port')
    return picked
  }
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const port = LOWEST + randomInt(kernelLow - LOWEST)
    if (claim(port) && await bindOnce(port, host) === port) return port
  }
  throw new Error(`no free port between ${LOWEST} and ${kernelLow - 1} after 200 tries`)
}
