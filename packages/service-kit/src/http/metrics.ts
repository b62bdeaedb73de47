import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** One registry per app, so that several apps in one test process do not share counters. */
export function createMetrics (service: string) {
  const registry = new Registry()
  registry.setDefaultLabels({ service })
  collectDefaultMetrics({ register: registry })
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Duration of HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry]
    }),
    outboxBacklog: new Gauge({ name: 'outbox_backlog', help: 'Events written but not yet published', registers: [registry] }),
    eventsPublished: new Counter({ name: 'outbox_events_published_total', help: 'Events published to the stream', registers: [registry] }),
    consumerPending: new Gauge({ name: 'consumer_pending_events', help: 'Events waiting in the stream for this consumer (lag)', labelNames: ['consumer'], registers: [registry] }),
    eventsApplied: new Counter({ name: 'consumer_events_applied_total', help: 'Events applied by consumers', labelNames: ['consumer', 'subject'], registers: [registry] }),
    deadLetters: new Gauge({ name: 'dead_letter_events', help: 'Events parked in the dead_letter table', registers: [registry] })
  }
}

export type Metrics = ReturnType<typeof createMetrics>
