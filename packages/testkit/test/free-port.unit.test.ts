import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { freePort } from '../src/index.js'

/** The first port of the range the kernel picks source ports from (Linux). */
function kernelRangeStart (): number {
  return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
}

describe('freePort', () => {
  it('returns a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort()
    const server = createServer()

    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve))

    expect(port).toBeGreaterThan(0)
    await new Promise((resolve) => server.close(resolve))
  })

  it('takes ports below the range the kernel gives outgoing connections their source ports from', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, async () => await freePort()))
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000)
      expect(port).toBeLessThan(kernelRangeStart())
    }
  })

  it('never hands out a port twice while its claim holds, though each is free again once asked for', async () => {
    // One after another, so that no port is still bound by the check of the one before: drawn at random from
    // some 20,000 ports without the claims, 300 would repeat one six times in seven.
    const ports: number[] = []
    for (let call = 0; call < 300; call += 1) ports.push(await freePort())
    expect(new Set(ports).size).toBe(ports.length)
  })
})
