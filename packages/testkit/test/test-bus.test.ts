import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import { createTestBus, testInfrastructure } from '../src/index.js'

const { natsUrl } = testInfrastructure()

describe('createTestBus', () => {
  it('names a stream and subject prefix of its own', () => {
    const first = createTestBus(natsUrl)
    const second = createTestBus(natsUrl)

    expect(first.stream).toMatch(/^T_[0-9A-F]+$/)
    expect(first.subjectPrefix).toMatch(/^t[0-9a-f]+\.$/)
    expect(second.stream).not.toBe(first.stream)
    expect(first.env).toEqual({ NATS_STREAM: first.stream, NATS_SUBJECT_PREFIX: first.subjectPrefix })
  })

  it('cleanup deletes the stream a service created, and tolerates one that never was', async () => {
    const bus = createTestBus(natsUrl)
    const connection = await connect({ servers: natsUrl })
    try {
      const manager = await jetstreamManager(connection)
      await manager.streams.add({ name: bus.stream, subjects: [`${bus.subjectPrefix}>`] })
      await jetstream(connection).publish(`${bus.subjectPrefix}crm.client.created`, '{}')

      await bus.cleanup()

      const names: string[] = []
      for await (const name of manager.streams.names()) names.push(name)
      expect(names).not.toContain(bus.stream)
      await expect(bus.cleanup()).resolves.toBeUndefined()
    } finally {
      await bus.cleanup()
      await connection.close()
    }
  })
})
