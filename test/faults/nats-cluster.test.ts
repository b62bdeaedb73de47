import { randomBytes } from 'node:crypto'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureStream } from '@travel-crm/service-kit/messaging'
import { caller, eventually, startPostgresServer, startStack, type PostgresServer } from '@travel-crm/testkit'
import { expectEveryPaymentOnce } from './support/exactly-once.js'
import { aBooking, type FaultStack } from './support/fault-stack.js'
import { startNatsCluster, type NatsCluster } from './support/nats-cluster.js'
import { PaymentLoad } from './support/payment-load.js'

/**
 * The production shape of the bus: three nats-server nodes in one cluster, the stream kept on all three. The
 * node leading the stream dies (SIGKILL) while payments are taken: the others elect a new leader, the
 * processes connected to the dead node move to the others, and nothing acknowledged is lost or applied twice.
 */
describe('a three-node NATS cluster losing the stream\'s leader', () => {
  let cluster: NatsCluster
  let postgres: PostgresServer
  let fault: Pick<FaultStack, 'stack' | 'call' | 'token'>
  // The cluster is this test's own, and so is everything on it.
  const id = randomBytes(4).toString('hex')
  const stream = `CLUSTER_${id.toUpperCase()}`
  const subjectPrefix = `c${id}.`

  beforeAll(async () => {
    [cluster, postgres] = await Promise.all([startNatsCluster(3), startPostgresServer()])
    // The stream as a deployment that began with one server has it: one copy. The services, told to keep
    // three, change it.
    const nc = await connect({ servers: cluster.url })
    try {
      await ensureStream(await jetstreamManager(nc), stream, subjectPrefix, 1)
    } finally {
      await nc.close()
    }
    expect((await cluster.streamInfo(stream)).config.num_replicas).toBe(1)
    const stack = await startStack({
      // The test's own helpers talk to the first node; the processes get every node.
      infrastructure: { databaseUrl: postgres.url, natsUrl: cluster.nodes[0]?.url ?? '' },
      env: { NATS_URL: cluster.url, NATS_STREAM: stream, NATS_SUBJECT_PREFIX: subjectPrefix, NATS_STREAM_REPLICAS: '3', RATE_LIMIT_ALLOW: 'loopback', TEST_LOG_LEVEL: 'info' }
    })
    const call = caller(stack.gatewayUrl)
    const login = await call('POST', '/login', { body: { username: stack.admin.username, password: stack.admin.password } })
    expect(login.status, login.text).toBe(200)
    fault = { stack, call, token: login.body.access_token as string }
  })

  afterAll(async () => {
    // The stack removes its stream, which needs the cluster whole.
    for (const node of cluster?.nodes ?? []) await cluster.restart(node.name)
    await fault?.stack.stop()
    await cluster?.destroy()
    await postgres?.destroy()
  })

  it('keeps every payment exactly once in the reports when the leader dies, and the node catches up when back', async () => {
    const before = await eventually(async () => {
      const info = await cluster.streamInfo(stream)
      // The services gave the stream three copies, one on each node, each current.
      expect(info.config.num_replicas).toBe(3)
      expect(info.cluster?.replicas?.filter((replica) => replica.current)).toHaveLength(2)
      return info
    }, 20_000, 250)
    expect([before.cluster?.leader, ...(before.cluster?.replicas ?? []).map((replica) => replica.name)].sort()).toEqual(['n1', 'n2', 'n3'])
    const leader = before.cluster?.leader ?? ''

    const booking = await aBooking(fault, 'Clara Cluster', { invoices: 3 })
    const load = new PaymentLoad({ call: fault.call, token: fault.token, invoiceIds: booking.invoiceIds, label: 'cluster', writers: 3, maxRequests: 300 }).start()
    await load.answered(20)
    await cluster.kill(leader)
    await load.answered(40)
    const attempts = await load.stop()
    // Payments are written to billing's database and outbox first: losing a NATS node refuses none of them.
    expect(attempts.filter((attempt) => attempt.status !== 201)).toEqual([])

    // The two nodes left elect a new leader of the stream (a few seconds: the dead one must first be missed).
    const during = await eventually(async () => {
      const info = await cluster.streamInfo(stream)
      expect(info.cluster?.leader).toBeDefined()
      return info
    }, 30_000, 250)
    expect(during.cluster?.leader).not.toBe(leader)
    await expectEveryPaymentOnce(fault, { label: 'cluster', clientId: booking.clientId, attempts })

    // Back, the node takes what it missed from the new leader and is a current copy again.
    await cluster.restart(leader)
    const caughtUp = await eventually(async () => {
      const info = await cluster.streamInfo(stream)
      const copy = info.cluster?.replicas?.find((replica) => replica.name === leader)
      expect(copy).toMatchObject({ current: true })
      expect(copy?.lag ?? 0).toBe(0)
      return info
    }, 20_000, 250)
    expect(caughtUp.state.messages).toBeGreaterThanOrEqual(during.state.messages)
  })
})
