import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jetstreamManager, type StreamInfo } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { freePort } from '@travel-crm/testkit'

const NATS_SERVER = '/usr/sbin/nats-server'

export interface NatsNode {
  name: string
  url: string
}

/** Three nats-server processes of the test's own, routed into one JetStream cluster, each with its store dir. */
export interface NatsCluster {
  nodes: NatsNode[]
  /** Every node, comma-separated, as `NATS_URL` takes a cluster. */
  url: string
  /** SIGKILL: the node is gone at once, as when its machine dies; its store dir stays. */
  kill: (name: string) => Promise<void>
  /** Starts a killed node again on its ports and store dir. */
  restart: (name: string) => Promise<void>
  /** The stream as the cluster reports it (leader, replicas and how far behind each is). */
  streamInfo: (stream: string) => Promise<StreamInfo>
  /** Stops every node and removes the store dirs. */
  destroy: () => Promise<void>
}

interface Node extends NatsNode {
  args: string[]
  log: string
  child?: ChildProcess | undefined
}

export async function startNatsCluster (size = 3): Promise<NatsCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'tcrm-nats-cluster-'))
  const clusterName = `tcrm-${Date.now().toString(36)}`
  const ports = await Promise.all(Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort() })))
  const routes = ports.map((port) => `nats://127.0.0.1:${port.route}`).join(',')
  const nodes: Node[] = ports.map((port, index) => {
    const name = `n${index + 1}`
    const log = join(dir, `${name}.log`)
    return {
      name,
      url: `nats://127.0.0.1:${port.client}`,
      log,
      args: ['-a', '127.0.0.1', '-p', String(port.client), '-n', name, '-js', '-sd', join(dir, name),
        '--cluster_name', clusterName, '--cluster', `nats://127.0.0.1:${port.route}`, '--routes', routes, '-l', log]
    }
  })
  const nodeOf = (name: string): Node => {
    const node = nodes.find((one) => one.name === name)
    if (node === undefined) throw new Error(`no node ${name} in the cluster`)
    return node
  }

  const start = (node: Node): void => {
    const child = spawn(NATS_SERVER, node.args, { stdio: 'ignore' })
    child.once('exit', () => { if (node.child === child) node.child = undefined })
    node.child = child
  }
  const kill = async (name: string): Promise<void> => {
    const child = nodeOf(name).child
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }

  /** JetStream answers once the cluster has a meta leader, which the nodes elect a moment after they meet. */
  const jetStreamReady = async (url: string, timeoutMs = 20_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      try {
        const nc = await connect({ servers: url, timeout: 1000 })
        try {
          await (await jetstreamManager(nc, { timeout: 1000 })).getAccountInfo()
          return
        } finally {
          await nc.close()
        }
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`JetStream on ${url} not ready: ${String(error)}\n${tail(nodes.find((node) => node.url === url)?.log)}`, { cause: error })
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
  }

  const destroy = async (): Promise<void> => {
    await Promise.all(nodes.map(async (node) => { await kill(node.name) }))
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    for (const node of nodes) start(node)
    await Promise.all(nodes.map(async (node) => { await jetStreamReady(node.url) }))
  } catch (error) {
    await destroy()
    throw error
  }

  return {
    nodes: nodes.map(({ name, url }) => ({ name, url })),
    url: nodes.map((node) => node.url).join(','),
    kill,
    restart: async (name) => {
      const node = nodeOf(name)
      if (node.child === undefined) start(node)
      await jetStreamReady(node.url)
    },
    streamInfo: async (stream) => {
      const nc = await connect({ servers: nodes.map((node) => node.url), timeout: 2000 })
      try {
        return await (await jetstreamManager(nc, { timeout: 5000 })).streams.info(stream)
      } finally {
        await nc.close()
      }
    },
    destroy
  }
}

function tail (file: string | undefined): string {
  try {
    return file === undefined ? '' : readFileSync(file, 'utf8').split('\n').slice(-10).join('\n')
  } catch {
    return ''
  }
}
