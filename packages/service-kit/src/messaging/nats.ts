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
}

/** Connects, reconnecting forever after the first success and logging every change of state. */
export async function connectBus (options: BusOptions): Promise<Bus> {
  const nc = await connect({
    servers: options.url,
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    timeout: 5000
  })
  void (async () => {
    for await (const status of nc.status()) {
      const level = status.type === 'reconnect' ? 'info' : status.type === 'disconnect' || status.type === 'error' ? 'warn' : 'debug'
      options.logger[level]({ nats: status.type }, `nats ${status.type}`)
    }
  })()
  const jsm = await jetstreamManager(nc, { timeout: 5000 })
  await ensureStream(jsm, options.stream, options.subjectPrefix)
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
 * two-minute duplicate window turns a relay's re-publish after a crash into a no-op.
 */
export async function ensureStream (jsm: JetStreamManager, name: string, subjectPrefix: string): Promise<void> {
  const subjects = STREAM_SUBJECTS.map((subject) => `${subjectPrefix}${subject}`)
  try {
    const { config } = await jsm.streams.info(name)
    // A stream made with the earlier `crm.>` subjects would still swallow `crm.query.*` requests.
    if (config.subjects.join(' ') !== subjects.join(' ')) await jsm.streams.update(name, { ...config, subjects })
  } catch (error) {
    if (!/stream not found/i.test(String((error as Error).message))) throw error
    try {
      await jsm.streams.add({
        name,
        subjects,
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        duplicate_window: nanos(120_000)
      })
    } catch (raceError) {
      if (!/already in use|stream name already/i.test(String((raceError as Error).message))) throw raceError
    }
  }
}
