import { randomUUID } from 'node:crypto'
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { STREAM_SUBJECTS } from '@travel-crm/contracts'
import { createTestBus } from './test-bus.js'
import { testInfrastructure } from './test-infrastructure.js'

export interface AuthEventStream {
  /** `NATS_URL`, `NATS_STREAM` and `NATS_SUBJECT_PREFIX` for a process that reads this stream. */
  env: Record<string, string>
  /** Publishes an `auth.user.*` event about a user, as auth's outbox relay would. */
  publishUser: (subject: 'auth.user.registered' | 'auth.user.updated' | 'auth.user.deleted', user: AnnouncedUser) => Promise<void>
  close: () => Promise<void>
}

export interface AnnouncedUser {
  id: number
  role: 'admin' | 'agent' | 'analyst'
  disabled?: boolean
  session_generation?: number
  version: number
}

/**
 * A private stream of the stack's shape, made here because no service under test makes it (the gateway only
 * reads auth's events). Tests publish auth's user events into it to see a process refuse or honour a token.
 */
export async function startAuthEventStream (natsUrl = testInfrastructure().natsUrl): Promise<AuthEventStream> {
  const bus = createTestBus(natsUrl)
  const nc = await connect({ servers: natsUrl })
  const jsm = await jetstreamManager(nc)
  await jsm.streams.add({
    name: bus.stream,
    subjects: STREAM_SUBJECTS.map((subject) => `${bus.subjectPrefix}${subject}`),
    storage: StorageType.Memory,
    retention: RetentionPolicy.Limits
  })
  const js = jetstream(nc)
  return {
    env: { NATS_URL: natsUrl, ...bus.env },
    publishUser: async (subject, user) => {
      const now = new Date().toISOString()
      await js.publish(`${bus.subjectPrefix}${subject}`, JSON.stringify({
        specversion: '1.0',
        id: randomUUID(),
        source: 'travel-crm/auth',
        type: subject,
        time: now,
        subject: `user/${user.id}`,
        datacontenttype: 'application/json',
        data: { username: `user-${user.id}`, disabled: false, session_generation: 0, created_at: now, updated_at: now, ...user }
      }))
    },
    close: async () => {
      await nc.close()
      await bus.cleanup()
    }
  }
}
