import { readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { ExportFile } from '../src/exports.js'

/** Chunks handed out one at a time, when the test says so. */
function gate () {
  const pending: Array<(chunk: string | undefined) => void> = []
  const queued: Array<string | undefined> = []
  return {
    give: (chunk: string | undefined) => {
      const next = pending.shift()
      if (next === undefined) queued.push(chunk)
      else next(chunk)
    },
    chunks: (async function * () {
      for (;;) {
        const chunk = queued.length > 0 ? queued.shift() : await new Promise<string | undefined>((resolve) => { pending.push(resolve) })
        if (chunk === undefined) return
        if (chunk === 'fail') throw new Error('the database went away')
        yield chunk
      }
    })()
  }
}

async function text (chunks: AsyncIterable<Buffer>): Promise<string> {
  let all = ''
  for await (const chunk of chunks) all += chunk.toString()
  return all
}

/** A new file being filled from a gate, with a reader that came before the first chunk and the header given. */
async function filledByHand () {
  const file = await ExportFile.create()
  const source = gate()
  const early = text(file.read())
  const filling = file.fill(source.chunks)
  source.give('id,name\r\n')
  return { file, source, early, filling }
}

describe('an export file', () => {
  it('gives every reader the whole export: one who came before it was written, one during, one after', async () => {
    const { file, source, early, filling } = await filledByHand()
    source.give('1,Ada\r\n')
    // Let the first two chunks reach the file before the second reader comes.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const during = text(file.read())
    source.give('2,Grace\r\n')
    source.give(undefined)
    await filling
    const late = await text(file.read())
    expect([await early, await during, late]).toEqual(Array.from({ length: 3 }, () => 'id,name\r\n1,Ada\r\n2,Grace\r\n'))
    await file.drop()
  })

  it('ends every reader with the failure when writing it fails, however far each has read', async () => {
    const { file, source, early: reader, filling } = await filledByHand()
    source.give('fail')
    await expect(filling).rejects.toThrow('the database went away')
    await expect(reader).rejects.toThrow('the database went away')
    await expect(text(file.read())).rejects.toThrow('the database went away')
    await file.drop()
  })

  it('is a file without a name from the start: nothing of it is on disk for anyone to find', async () => {
    const before = (await readdir(tmpdir())).filter((name) => name.startsWith('travel-crm-export-'))
    const file = await ExportFile.create()
    await file.fill(['personal data\r\n'])
    expect((await readdir(tmpdir())).filter((name) => name.startsWith('travel-crm-export-'))).toEqual(before)
    expect(await text(file.read())).toBe('personal data\r\n')
    await file.drop()
  })

  it('stays readable after it is dropped until its last reader is done, and bytes past one read come whole', async () => {
    const file = await ExportFile.create()
    const big = 'x'.repeat(200_000)
    await file.fill([big, 'end'])
    const reader = file.read()
    const first = await reader.next()
    await file.drop()
    let rest = ''
    for await (const chunk of reader) rest += chunk.toString()
    expect((first.value as Buffer).toString() + rest).toBe(`${big}end`)
  })
})
