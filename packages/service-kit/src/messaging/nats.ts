import { connect, type NatsConnection } from '@nats-io/transport-node'
import { jetstream, jetstreamManager, RetentionPolicy, StorageType, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream'
import { nanos } from '@nats-io/nats-core'
import type { FastifyBaseLogger as Logger } from 'fastify'
import { STREAM_SUBJECTS } from '@travel-crm/contracts'

/** A NATS connection with the stream it publishes to, and the prefix that keeps test runs apart. */
export interface Bus {
  nc: NatsConnection
  js: JetStreamClient
  jsm: JetStreamManager
  stream: string
  /** Turns a catalogue subject (`crm.client.created`) into the subject on the wire. */
  subject: (name: string) => string
  /** The reverse: the catalogue subject of a message received on the wire. */
  catalogueSubject: (wireSubject: string) => string
  close: () => Promise<void>
}

export interface BusOptions {
  url: string
  stream: string
  subjectPrefix: string
  name: string
  logger: Logger
  user?: string | undefined
  pass?: string | undefined
  /** The stream's replicas (NATS_STREAM_REPLICAS); unset, a new stream has one and an existing one is left as it is. */
  replicas?: number | undefined
}

/** `NATS_URL` names one server or the comma-separated nodes of a cluster. */
export function natsServers (url: string): string[] {
  return url.split(',').map((server) => server.trim()).filter((server) => server !== '')
}

/** Connects as the process's NATS user (if any), reconnecting forever after the first success. */
export async function connectNats (options: Pick<BusOptions, 'url' | 'name' | 'user' | 'pass'>): Promise<NatsConnection> {
  return await connect({
    servers: natsServers(options.url),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    timeout: 5000,
    // Otherwise every request, and so every JetStream publish, makes an Error (and its stack) up front in case
    // it times out: a measurable part of the relay's CPU. A timeout still rejects with a TimeoutError.
    noAsyncTraces: true,
    ...(options.user !== undefined ? { user: options.user, pass: options.pass ?? '' } : {})
  })
}

/** Connects, reconnecting forever after the first success and logging every change of state. */
export async function connectBus (options: BusOptions): Promise<Bus> {
  const nc = await connectNats(options)
  void (async () => {
    for await (const status of nc.status()) {
      const level = status.type === 'reconnect' ? 'info' : status.type === 'disconnect' || status.type === 'error' ? 'warn' : 'debug'
      options.logger[level]({ nats: status.type }, `nats ${status.type}`)
    }
  })()
  const jsm = await jetstreamManager(nc, { timeout: 5000 })
  await ensureStream(jsm, options.stream, options.subjectPrefix, options.replicas)
  const prefix = options.subjectPrefix
  return {
    nc,
    js: jetstream(nc, { timeout: 5000 }),
    jsm,
    stream: options.stream,
    subject: (name) => `${prefix}${name}`,
    catalogueSubject: (wire) => wire.startsWith(prefix) ? wire.slice(prefix.length) : wire,
    close: async () => { if (!nc.isClosed()) await nc.drain().catch(async () => await nc.close()) }
  }
}

/**
 * The stream keeps every event (file storage, no age limit) so that read models can be rebuilt from it; the
 * two-minute duplicate window turns a relay's re-publish after a crash into a no-op. On a cluster, `replicas`
 * copies of it live on as many nodes: an acknowledged publish is on a majority of them, so losing one loses
 * nothing.
 */
export async function ensureStream (jsm: JetStreamManager, name: string, subjectPrefix: string, replicas?: number): Promise<void> {
  const subjects = STREAM_SUBJECTS.map((subject) => `${subjectPrefix}${subject}`)
  try {
    const { config } = await jsm.streams.info(name)
    // A stream made with the earlier `crm.>` subjects would still swallow `crm.query.*` requests.
    const subjectsDiffer = config.subjects.join(' ') !== subjects.join(' ')
    // A stream made before the cluster grew keeps one copy until someone asks for more.
    const replicasDiffer = replicas !== undefined && config.num_replicas !== replicas
    if (subjectsDiffer || replicasDiffer) {
      await jsm.streams.update(name, { ...config, subjects, ...(replicas !== undefined ? { num_replicas: replicas } : {}) })
    }
  } catch (error) {
    if (!/stream not found/i.test(String((error as Error).message))) throw error
    try {
      await jsm.streams.add({
        name,
        subjects,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(120_000),
        num_replicas: replicas ?? 1
      })
    } catch (raceError) {
      if (!/already in use|stream name already/i.test(String((raceError as Error).message))) throw raceError
    }
  }
}
