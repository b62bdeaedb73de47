import type { ServiceApp } from './layer.js'

type Subscription = ReturnType<ServiceApp['bus']['nc']['subscribe']>

/**
 * Answers a core NATS request-reply subject (`crm.query.trip`) with `answer(body)`. Replicas share the queue
 * group of the service: each question gets one answer. When answering fails there is no answer, and the
 * caller's timeout says "unavailable" rather than a wrong one. On close it takes no new questions and answers
 * the ones already taken.
 */
export function answerQueries (app: ServiceApp, subject: string, queue: string, answer: (body: string) => Promise<unknown>): void {
  let subscription: Subscription | undefined
  const answering = new Set<Promise<void>>()
  app.addHook('onReady', async () => {
    subscription = app.bus.nc.subscribe(app.bus.subject(subject), {
      queue,
      callback: (error, message) => {
        if (error !== null) {
          app.log.warn({ err: error, subject }, 'query subscription failed')
          return
        }
        const work = answer(message.string())
          .then((reply) => { message.respond(JSON.stringify(reply)) })
          .catch((failure: unknown) => { app.log.error({ err: failure, subject }, 'query could not be answered') })
          .finally(() => { answering.delete(work) })
        answering.add(work)
      }
    })
    await app.bus.nc.flush()
  })
  // preClose runs before the kit's onClose closes NATS and the database.
  app.addHook('preClose', async () => {
    if (subscription !== undefined && !subscription.isClosed()) await subscription.drain().catch(() => undefined)
    await Promise.allSettled([...answering])
  })
}
