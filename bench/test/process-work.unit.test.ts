import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { countProcessWork, workFigures } from '../src/process-work.js'

describe('work per request of a process', () => {
  const started: number[] = []
  afterEach(() => { for (const pid of started.splice(0)) process.kill(pid, 'SIGKILL') })

  it('counts the write calls a process made while counting, one per message', async () => {
    // A process that, once told, writes 2,000 times (a write each, as a socket's message is) and says so.
    const child = spawn(process.execPath, ['-e', `
      const { openSync, writeSync } = require('node:fs')
      const sink = openSync('/dev/null', 'w')
      process.stdin.once('data', () => {
        for (let i = 0; i < 2000; i++) writeSync(sink, 'a message')
        console.log('written')
      })`], { stdio: ['pipe', 'pipe', 'inherit'] })
    started.push(child.pid as number)
    const lines = createInterface({ input: child.stdout })
    // Its start's own writes, if any, come before the count begins.
    await new Promise((resolve) => setTimeout(resolve, 300))
    const count = await countProcessWork([['writer', child.pid as number]], undefined)
    child.stdin.write('go\n')
    await once(lines, 'line')
    const perRequest = await count(1000)
    // 2,000 writes over 1,000 requests, and the few of its own beside them (the line it printed).
    expect(perRequest.writes['writer']).toBeGreaterThanOrEqual(2)
    expect(perRequest.writes['writer']).toBeLessThan(2.01)
    expect(perRequest.cpu['writer']).toBeGreaterThanOrEqual(0)
    expect(perRequest.cpu['postgres']).toBeUndefined()
    expect(workFigures(perRequest, 'call.', { total: true })).toEqual({
      'call.cpu_ms_per_request.total': perRequest.cpu['writer'],
      'call.cpu_ms_per_request.writer': perRequest.cpu['writer'],
      'call.writes_per_request.total': perRequest.writes['writer'],
      'call.writes_per_request.writer': perRequest.writes['writer']
    })
  })
})
