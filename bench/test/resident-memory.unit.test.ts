import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { residentMegabytes } from '../src/resident-memory.js'

const ownResident = (pid: number) => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024

describe('resident memory of a process', () => {
  const started: number[] = []
  afterEach(() => { for (const pid of started.splice(0)) process.kill(pid, 'SIGKILL') })

  it('counts the processes it started with it, as billing\'s document renderer', async () => {
    // A process that starts one more and says both ids once the other has started and sits idle.
    const parent = spawn(process.execPath, ['-e', `
      const child = require('node:child_process').spawn(process.execPath, ['-e', 'console.log(1); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'ignore'] })
      child.stdout.once('data', () => setTimeout(() => console.log(process.pid + ' ' + child.pid), 200))
      setInterval(() => {}, 1000)`], { stdio: ['ignore', 'pipe', 'inherit'] })
    const [line] = await once(createInterface({ input: parent.stdout }), 'line') as [string]
    const [parentPid, childPid] = line.split(' ').map(Number) as [number, number]
    started.push(childPid, parentPid)
    const tree = residentMegabytes(parentPid)
    expect(tree).toBeGreaterThanOrEqual(ownResident(parentPid) + ownResident(childPid) - 2)
    expect(residentMegabytes(childPid)).toBeCloseTo(ownResident(childPid), 0)
  })
})
