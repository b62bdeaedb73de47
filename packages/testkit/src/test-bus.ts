import { randomBytes } from 'node:crypto'
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'

export interface TestBus {
  /** JetStream stream name for this test; services read it from NATS_STREAM. */
  stream: string
  /** Prefix for every subject, ending in a dot; services read it from NATS_SUBJECT_PREFIX. */
  subjectPrefix: string
  /** The two settings above as environment variables, ready to spread into a service's env. */
  env: { NATS_STREAM: string, NATS_SUBJECT_PREFIX: string }
  /** Deletes the stream (and with it its consumers) if it was created. */
  cleanup(): Promise<void>
}

/**
 * A stream name and subject prefix of one test's own, so tests share one NATS server without seeing each
 * other's events. Nothing is created here: the services under test create the stream.
 */
export function createTestBus (natsUrl: string): TestBus {
  const id = randomBytes(6).toString('hex')
  const stream = `T_${id.toUpperCase()}`
  const subjectPrefix = `t${id}.`
  return {
    stream,
    subjectPrefix,
    env: { NATS_STREAM: stream, NATS_SUBJECT_PREFIX: subjectPrefix },
    cleanup: () => deleteStream(natsUrl, stream)
  }
}

async function deleteStream (natsUrl: string, stream: string): Promise<void> {
  const connection = await connect({ servers: natsUrl })
  try {
    const manager = await jetstreamManager(connection)
    await manager.streams.delete(stream)
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound)) throw error
  } finally {
    await connection.close()
  }
}
