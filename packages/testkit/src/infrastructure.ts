import { isListening, type Endpoint } from './tcp-probe.js'
import { startContainers } from './testcontainers.js'

export type InfrastructureSource = 'environment' | 'local' | 'testcontainers'

export interface Infrastructure {
  /** Superuser URL: tests create their own databases and roles through it. */
  databaseUrl: string
  natsUrl: string
  /** How the least self-evident part was found: testcontainers over local over environment. */
  source: InfrastructureSource
  /** Stops containers this call started; services found elsewhere are left alone. */
  stop(): Promise<void>
}

export interface FindInfrastructureOptions {
  /** Where DATABASE_URL and NATS_URL are read from; defaults to process.env. */
  env?: Record<string, string | undefined>
  /** The local services to probe; default 127.0.0.1:5432 and 127.0.0.1:4222. */
  local?: { postgres?: Endpoint, nats?: Endpoint }
  probeTimeoutMs?: number
  /** Set false to never try Docker. */
  testcontainers?: boolean
}

export const LOCAL_POSTGRES: Endpoint = { host: '127.0.0.1', port: 5432 }
export const LOCAL_NATS: Endpoint = { host: '127.0.0.1', port: 4222 }

const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
const START_NATS =
  'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- ' +
  '-a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log'

interface Found {
  url: string
  source: InfrastructureSource
}

/**
 * Finds a PostgreSQL and a NATS (with JetStream) for tests: the environment first, then the usual local
 * ports, then testcontainers. Each is resolved on its own, so DATABASE_URL alone still finds a local NATS.
 */
export async function findInfrastructure (options: FindInfrastructureOptions = {}): Promise<Infrastructure> {
  const env = options.env ?? process.env
  const postgresEndpoint = options.local?.postgres ?? LOCAL_POSTGRES
  const natsEndpoint = options.local?.nats ?? LOCAL_NATS
  const timeoutMs = options.probeTimeoutMs ?? 500

  const [postgres, nats] = await Promise.all([
    fromEnvironmentOrLocal(env['DATABASE_URL'], postgresEndpoint, timeoutMs, postgresAdminUrl),
    fromEnvironmentOrLocal(env['NATS_URL'], natsEndpoint, timeoutMs, ({ host, port }) => `nats://${host}:${port}`)
  ])
  if (postgres && nats) {
    return { databaseUrl: postgres.url, natsUrl: nats.url, source: leastEvident(postgres, nats), stop: async () => {} }
  }

  let containerError: unknown = new Error('disabled by the caller')
  if (options.testcontainers !== false) {
    try {
      const containers = await startContainers({ postgres: !postgres, nats: !nats })
      return {
        databaseUrl: postgres?.url ?? required(containers.databaseUrl),
        natsUrl: nats?.url ?? required(containers.natsUrl),
        source: 'testcontainers',
        stop: containers.stop
      }
    } catch (error) {
      containerError = error
    }
  }
  throw new Error(explainMissing({ postgres: !postgres, nats: !nats, postgresEndpoint, natsEndpoint, containerError }), {
    cause: containerError
  })
}

async function fromEnvironmentOrLocal (
  fromEnv: string | undefined,
  endpoint: Endpoint,
  timeoutMs: number,
  urlFor: (endpoint: Endpoint) => string
): Promise<Found | undefined> {
  if (fromEnv?.trim()) return { url: fromEnv.trim(), source: 'environment' }
  if (await isListening(endpoint, timeoutMs)) return { url: urlFor(endpoint), source: 'local' }
  return undefined
}

function postgresAdminUrl ({ host, port }: Endpoint): string {
  // a Debian cluster started by pg_ctlcluster trusts local connections for the postgres superuser
  return `postgres://postgres@${host}:${port}/postgres`
}

function leastEvident (a: Found, b: Found): InfrastructureSource {
  return a.source === 'local' || b.source === 'local' ? 'local' : 'environment'
}

function required (url: string | undefined): string {
  if (!url) throw new Error('testcontainers started without returning a URL')
  return url
}

function explainMissing (missing: {
  postgres: boolean
  nats: boolean
  postgresEndpoint: Endpoint
  natsEndpoint: Endpoint
  containerError: unknown
}): string {
  const what = [missing.postgres && 'PostgreSQL', missing.nats && 'NATS'].filter(Boolean).join(' and ')
  const probed = [
    missing.postgres && `DATABASE_URL is not set and nothing listens on ${missing.postgresEndpoint.host}:${missing.postgresEndpoint.port}`,
    missing.nats && `NATS_URL is not set and nothing listens on ${missing.natsEndpoint.host}:${missing.natsEndpoint.port}`
  ].filter(Boolean)
  const reason = missing.containerError instanceof Error ? missing.containerError.message : String(missing.containerError)
  return [
    `Tests need ${what}, and none was found:`,
    ...probed.map((line) => `  - ${line}`),
    `  - testcontainers could not start containers: ${reason}`,
    'Do one of these:',
    '  1. start the local services:',
    ...(missing.postgres ? [`       ${START_POSTGRES}`] : []),
    ...(missing.nats ? [`       ${START_NATS}`] : []),
    '  2. or point the tests at running ones (a superuser URL, and NATS with JetStream):',
    '       export DATABASE_URL=postgres://postgres@HOST:5432/postgres NATS_URL=nats://HOST:4222',
    '  3. or run Docker, so testcontainers can start postgres:16-alpine and nats:2.10-alpine'
  ].join('\n')
}
