import { describe, expect, it } from 'vitest'
import { toCsv } from '../src/csv.js'

async function csvOf (rows: object[], columns: string[]): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of toCsv((async function * () { yield rows.slice(0, 1); yield rows.slice(1) })(), columns)) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks)
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf])

describe('CSV', () => {
  it('is UTF-8 with a byte order mark, a header row and CRLF line ends', async () => {
    const bytes = await csvOf([{ id: 1, name: 'Zoë Ødegård' }, { id: 2, name: '東京 Łódź' }], ['id', 'name'])
    expect(bytes.subarray(0, 3)).toEqual(BOM)
    expect(bytes.subarray(3).toString('utf8')).toBe('id,name\r\n1,Zoë Ødegård\r\n2,東京 Łódź\r\n')
    // "ë" is two bytes in UTF-8: Excel and LibreOffice read it right only because of the BOM and the encoding.
    expect(bytes.includes(Buffer.from([0xc3, 0xab]))).toBe(true)
  })

  it('quotes fields with commas, quotes and line breaks as RFC 4180 asks', async () => {
    const bytes = await csvOf([{ note: 'window, aisle' }, { note: 'said "hi"' }, { note: 'two\nlines' }, { note: null }], ['note'])
    expect(bytes.subarray(3).toString('utf8')).toBe('note\r\n"window, aisle"\r\n"said ""hi"""\r\n"two\nlines"\r\n\r\n')
  })

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const dangerous = ['=HYPERLINK("http://evil.test","click")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd']
    const bytes = await csvOf(dangerous.map((name) => ({ name })), ['name'])
    const lines = bytes.subarray(3).toString('utf8')
    expect(lines).toBe([
      'name',
      '"\'=HYPERLINK(""http://evil.test"",""click"")"',
      '\'+1+1',
      '\'-2+3',
      '\'@SUM(A1)',
      '\'\tcmd',
      '"\'\rcmd"',
      ''
    ].join('\r\n'))
  })

  it('leaves numbers, negative ones included, as numbers', async () => {
    const bytes = await csvOf([{ id: -5, amount: '12.50', margin: '-25000.00' }], ['id', 'amount', 'margin'])
    expect(bytes.subarray(3).toString('utf8')).toBe('id,amount,margin\r\n-5,12.50,-25000.00\r\n')
  })

  it('writes the header even when there are no rows', async () => {
    const bytes = await csvOf([], ['invoice_id', 'status'])
    expect(bytes).toEqual(Buffer.concat([BOM, Buffer.from('invoice_id,status\r\n')]))
  })
})
