import type { ServiceApp } from '@travel-crm/service-kit/messaging'
import type { ReportingConfig } from './config.js'
import { buildApp, CONSUMER } from './app.js'
import { READ_MODEL_TABLES } from './persistence.js'
import { countChange } from './read-model-changes.js'

/** True once the consumer (the read models' unless named) has acknowledged every event the stream held when asked. */
export async function caughtUp (app: ServiceApp, consumer = CONSUMER): Promise<boolean> {
  const { jsm, stream } = app.bus
  const [streamInfo, consumerInfo] = await Promise.all([
    jsm.streams.info(stream),
    jsm.consumers.info(stream, consumer).catch(() => undefined)
  ])
  if (consumerInfo === undefined) return false
  return consumerInfo.ack_floor.stream_seq >= streamInfo.state.last_seq && consumerInfo.num_ack_pending === 0
}

/** Waits, polling, until the read models reflect the whole stream; fails after `timeoutMs`. */
export async function waitUntilCaughtUp (app: ServiceApp, timeoutMs: number, onProgress?: () => Promise<void>, consumer = CONSUMER): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await caughtUp(app, consumer)) {
    if (Date.now() > deadline) throw new Error(`the ${consumer} consumer did not catch up with the stream within ${timeoutMs} ms`)
    await onProgress?.()
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Forgets everything built from events: the durable consumer (so that it is made again from the start of the
 * stream), the read models, and the inbox and dead letters that say which events were applied. Run it on an
 * app whose consumers have not started.
 */
export async function resetReadModels (app: ServiceApp): Promise<void> {
  await app.bus.jsm.consumers.delete(app.bus.stream, CONSUMER).catch((error: Error) => {
    if (!/consumer not found/i.test(error.message)) throw error
  })
  await app.orm.em.fork().transactional(async (em) => {
    await em.execute(`truncate ${READ_MODEL_TABLES.join(', ')}`)
    await em.execute('delete from inbox where consumer = ?', [CONSUMER])
    await em.execute('delete from dead_letter where consumer = ?', [CONSUMER])
    await countChange(em)
  })
}

/**
 * Drops the read models and replays the stream from its start. A running service may keep going meanwhile:
 * its consumer resumes once the durable is back, and the inbox and version checks keep the two from
 * applying anything twice.
 */
export async function rebuildReadModels (config: ReportingConfig, options: { timeoutMs?: number, report?: (line: string) => void } = {}): Promise<void> {
  const app = await buildApp(config)
  try {
    await resetReadModels(app)
    await app.ready()
    let lastReport = Date.now()
    await waitUntilCaughtUp(app, options.timeoutMs ?? 24 * 3600_000, async () => {
      if (options.report === undefined || Date.now() - lastReport < 5000) return
      lastReport = Date.now()
      const info = await app.bus.jsm.consumers.info(app.bus.stream, CONSUMER)
      options.report(`replayed ${info.ack_floor.stream_seq} events, ${info.num_pending + info.num_ack_pending} to go`)
    })
  } finally {
    await app.close()
  }
}
