import { createSocket } from 'node:dgram'

export interface DnsServer {
  /** `127.0.0.1:<port>`, for WEBHOOK_DNS_SERVERS. */
  address: string
  /** The IPv4 address each name resolves to now; change it to rebind a name. */
  records: Map<string, string>
  /** A questions answered, by name. */
  questions: string[]
  close: () => Promise<void>
}

/**
 * A real DNS server on 127.0.0.1 (UDP) that answers A questions from `records`: enough for the service's
 * resolver to look names up as it would in production, and for a test to point a name elsewhere between two
 * look-ups (DNS rebinding). Other questions get an empty answer; unknown names NXDOMAIN.
 */
export async function startDnsServer (): Promise<DnsServer> {
  const socket = createSocket('udp4')
  const records = new Map<string, string>()
  const questions: string[] = []
  socket.on('message', (query, peer) => {
    let offset = 12
    const labels: string[] = []
    for (let length = query[offset] ?? 0; length > 0; length = query[offset] ?? 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + length).toString('ascii'))
      offset += length + 1
    }
    const question = query.subarray(12, offset + 5)
    const type = query.readUInt16BE(offset + 1)
    const name = labels.join('.').toLowerCase()
    const address = records.get(name)
    const answers = type === 1 && address !== undefined ? [address] : []
    if (type === 1) questions.push(name)
    const header = Buffer.alloc(12)
    header.writeUInt16BE(query.readUInt16BE(0), 0)
    header.writeUInt16BE(0x8180 | (address === undefined ? 3 : 0), 2) // response, recursion available; NXDOMAIN if unknown
    header.writeUInt16BE(1, 4)
    header.writeUInt16BE(answers.length, 6)
    const answerRecords = answers.map((ip) => {
      const answer = Buffer.alloc(16)
      answer.writeUInt16BE(0xc00c, 0) // the name of the question
      answer.writeUInt16BE(1, 2) // A
      answer.writeUInt16BE(1, 4) // IN
      answer.writeUInt32BE(0, 6) // TTL 0: never cached
      answer.writeUInt16BE(4, 10)
      Buffer.from(ip.split('.').map(Number)).copy(answer, 12)
      return answer
    })
    socket.send(Buffer.concat([header, question, ...answerRecords]), peer.port, peer.address)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => { resolve() }))
  return {
    address: `127.0.0.1:${socket.address().port}`,
    records,
    questions,
    close: async () => { await new Promise<void>((resolve) => socket.close(() => { resolve() })) }
  }
}
