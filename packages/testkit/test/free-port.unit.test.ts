import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { freePort } from '../src/index.js'

describe('freePort', () => {
  it('returns a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort()
    const server = createServer()

    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))

    expect(port).toBeGreaterThan(0)
    await new Promise((resolve) => server.close(resolve))
  })
})
