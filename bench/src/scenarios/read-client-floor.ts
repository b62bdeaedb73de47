import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { NODE_FLAGS, PROCESS_ENV } from '@travel-crm/contracts/process'
import { runLoad } from '../load.js'
import { countProcessWork, workFigures } from '../process-work.js'
import { residentMegabytes } from '../resident-memory.js'
import { repeat, type Scenario } from '../scenario.js'

const CONNECTIONS = 50
const WARM_UP_SECONDS = 3
const SERVER = fileURLToPath(new URL('../floor/server.mjs', import.meta.url))

interface FloorProcess { child: ChildProcess, origin: string }

/** Starts `floor/server.mjs` with the stack's Node flags and environment; resolves once it listens. */
export async function startFloorServer (...argv: string[]): Promise<FloorProcess> {
  const child = spawn(process.execPath, [...NODE_FLAGS, SERVER, ...argv], {
    env: { ...PROCESS_ENV, ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const exited = new Promise<never>((_resolve, reject) => child.once('exit', (code) => reject(new Error(`floor server ${argv[0]} exited with ${code}`))))
  const listening = (async () => {
    for await (const line of createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
      return `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`
    }
    throw new Error(`floor server ${argv[0]} said nothing`)
  })()
  return { child, origin: await Promise.race([listening, exited]) }
}

function stop (floor: FloorProcess | undefined): void {
  if (floor?.child.exitCode === null) floor.child.kill('SIGKILL')
}

/**
 * `read_client`'s call served by the least code Node serves it with (`floor/server.mjs`): a node:http server
 * with one prepared statement on a pg pool, reading the same rows, and a node:http server in front forwarding
 * through an undici pool, as the gateway does. Same clients, connections and flags as `read_client`; no
 * framework, validation, token, log or ORM. What it costs per request is what the platform costs on this
 * machine: a floor the stack's figure can be set beside, here and on any other machine.
 */
export const readClientFloor: Scenario = {
  key: 'read_client_floor',
  describe: (settings) => `GET /clients/:id from a bare node:http server and pg (and a bare undici proxy in front), ${CONNECTIONS} connections, ${settings.durationSeconds} s per load, proxied and direct alternating`,
  goals: [],
  unavailable: (target) => target.databaseUrl === undefined ? 'needs DATABASE_URL: the floor server reads crm\'s table itself' : undefined,
  run: async ({ target, settings, scene }) => {
    const { ids } = await scene.clients()
    const paths = ids.map((id) => `/clients/${id}`)
    let server: FloorProcess | undefined
    let proxy: FloorProcess | undefined
    try {
      server = await startFloorServer('read', target.databaseUrl as string, 'crm')
      proxy = await startFloorServer('proxy', server.origin)
      const processes = [['server', server.child.pid as number], ['proxy', proxy.child.pid as number]] as const
      const resident = (suffix: string) => Object.fromEntries(processes.map(([name, pid]) => [`${name}${suffix}`, residentMegabytes(pid)]))
      // Before any request: what Node holds with the server's modules loaded (a plain `node` holds about 40 MB).
      const atStart = resident('_start_mb')
      const load = (origin: string, durationSeconds: number) =>
        runLoad({ url: origin, method: 'GET', headers: { authorization: scene.agent.bearer }, paths, connections: CONNECTIONS, durationSeconds })
      const measured = async (origin: string, prefix: string) => {
        const work = await countProcessWork(processes, target.databaseUrl)
        const result = await load(origin, settings.durationSeconds)
        const perRequest = await work(result.requests)
        return {
          ...workFigures(perRequest, prefix, { total: true }),
          [`${prefix}rps`]: result.rps
        }
      }
      await load(proxy.origin, WARM_UP_SECONDS)
      await load(server.origin, WARM_UP_SECONDS)
      return await repeat(settings.runs, async () => ({
        ...atStart,
        ...await measured(proxy?.origin as string, 'proxied.'),
        ...await measured(server?.origin as string, 'direct.'),
        // Right after the loads, as `memory` reads the stack's processes after theirs.
        ...resident('_mb')
      }))
    } finally {
      stop(proxy)
      stop(server)
    }
  }
}
