import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { describe, expect, it } from 'vitest'
import { startNatsServer } from '../src/index.js'
import { isListening } from '../src/tcp-probe.js'

describe('startNatsServer', () => {
  it('keeps JetStream data across stop and start on the same port', async () => {
    const server = await startNatsServer()
    const endpoint = { host: '127.0.0.1', port: server.port }
    try {
      expect(server.port).not.toBe(4222)
      expect(server.url).toBe(`nats://127.0.0.1:${server.port}`)
      const before = await connect({ servers: server.url })
      await (await jetstreamManager(before)).streams.add({ name: 'FAULT', subjects: ['fault.>'] })
      await jetstream(before).publish('fault.outbox', 'kept')
      await before.close()

      await server.stop()
      expect(await isListening(endpoint)).toBe(false)
      await server.start()

      const after = await connect({ servers: server.url })
      try {
        const stored = await (await jetstreamManager(after)).streams.getMessage('FAULT', { seq: 1 })
        expect(stored?.string()).toBe('kept')
      } finally {
        await after.close()
      }
    } finally {
      await server.kill()
    }
    expect(await isListening(endpoint)).toBe(false)
    await expect(server.start()).rejects.toThrow(/killed/)
  })

  it('refuses a port that is already taken instead of mistaking its listener for the new server', async () => {
    const first = await startNatsServer()
    try {
      await expect(startNatsServer({ port: first.port })).rejects.toThrow(/already in use/)
    } finally {
      await first.kill()
    }
  })
})
