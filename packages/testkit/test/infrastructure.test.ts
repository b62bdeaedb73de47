import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { findInfrastructure, freePort } from '../src/index.js'

const nowhere = async () => ({ host: '127.0.0.1', port: await freePort() })

async function listener (): Promise<Server & { port: number }> {
  const server = createServer((socket) => socket.destroy())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return Object.assign(server, { port: typeof address === 'object' && address ? address.port : 0 })
}

describe('findInfrastructure', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it('takes DATABASE_URL and NATS_URL from the environment first', async () => {
    const env = { DATABASE_URL: 'postgres://admin@db.invalid:6543/postgres', NATS_URL: 'nats://bus.invalid:4333' }

    const found = await findInfrastructure({ env, local: { postgres: await nowhere(), nats: await nowhere() } })

    expect(found).toMatchObject({ databaseUrl: env.DATABASE_URL, natsUrl: env.NATS_URL, source: 'environment' })
    await found.stop()
  })

  it('finds what the environment lacks among the local services', async () => {
    const nats = await listener()
    try {
      const found = await findInfrastructure({
        env: { DATABASE_URL: 'postgres://admin@db.invalid/postgres' },
        local: { postgres: await nowhere(), nats: { host: '127.0.0.1', port: nats.port } }
      })

      expect(found).toMatchObject({
        databaseUrl: 'postgres://admin@db.invalid/postgres',
        natsUrl: `nats://127.0.0.1:${nats.port}`,
        source: 'local'
      })
    } finally {
      nats.close()
    }
  })

  it('fails within seconds, saying what to start, when nothing is there', async () => {
    // a Docker endpoint that refuses at once, so the test behaves the same on machines that have Docker
    vi.stubEnv('DOCKER_HOST', `tcp://127.0.0.1:${await freePort()}`)
    const started = Date.now()

    const failure = findInfrastructure({ env: {}, local: { postgres: await nowhere(), nats: await nowhere() } })

    await expect(failure).rejects.toThrow(/Tests need PostgreSQL and NATS/)
    const message = await failure.catch((error: Error) => error.message)
    expect(message).toContain('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start')
    expect(message).toContain(
      'start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js ' +
        '-sd /var/lib/nats-server -l /var/log/nats-server.log'
    )
    expect(message).toContain('DATABASE_URL')
    expect(message).toContain('NATS_URL')
    expect(message).toContain('Docker')
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('names only what is missing', async () => {
    const postgres = await listener()
    try {
      const failure = findInfrastructure({
        env: {},
        local: { postgres: { host: '127.0.0.1', port: postgres.port }, nats: await nowhere() },
        testcontainers: false
      })

      const message = await failure.catch((error: Error) => error.message)
      expect(message).toMatch(/^Tests need NATS,/)
      expect(message).toContain('/usr/sbin/nats-server')
      expect(message).not.toContain('pg_ctlcluster')
    } finally {
      postgres.close()
    }
  })
})
