export interface ContainerNeeds {
  postgres: boolean
  nats: boolean
}

export interface StartedContainers {
  databaseUrl?: string
  natsUrl?: string
  stop(): Promise<void>
}

interface Stoppable {
  stop(): Promise<unknown>
}

/**
 * Starts only the containers that are still missing. testcontainers is imported here, lazily, so that
 * machines without Docker can load the testkit; without Docker `start()` rejects within milliseconds.
 */
export async function startContainers (needs: ContainerNeeds): Promise<StartedContainers> {
  const [{ PostgreSqlContainer }, { GenericContainer, Wait }] = await Promise.all([
    import('@testcontainers/postgresql'),
    import('testcontainers')
  ])

  const postgres = needs.postgres
    ? new PostgreSqlContainer('postgres:16-alpine')
        // the same superuser and database a local cluster has, so admin URLs look alike everywhere
        .withUsername('postgres')
        .withPassword('postgres')
        .withDatabase('postgres')
        .start()
    : undefined
  const nats = needs.nats
    ? new GenericContainer('nats:2.10-alpine')
        .withCommand(['-js'])
        .withExposedPorts(4222)
        .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
        .start()
    : undefined

  const [startedPostgres, startedNats] = await Promise.allSettled([postgres, nats])
  const started: Stoppable[] = []
  for (const result of [startedPostgres, startedNats]) {
    if (result.status === 'fulfilled' && result.value) started.push(result.value)
  }
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((container) => container.stop()))
  }

  if (startedPostgres.status === 'rejected' || startedNats.status === 'rejected') {
    await stop().catch(() => undefined)
    const failed = startedPostgres.status === 'rejected' ? startedPostgres : (startedNats as PromiseRejectedResult)
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason))
  }

  const result: StartedContainers = { stop }
  if (startedPostgres.value) result.databaseUrl = startedPostgres.value.getConnectionUri()
  if (startedNats.value) {
    result.natsUrl = `nats://${startedNats.value.getHost()}:${startedNats.value.getMappedPort(4222)}`
  }
  return result
}
