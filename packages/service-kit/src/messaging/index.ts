// The messaging layer: NATS JetStream, the outbox and its relay, durable consumers, units of work, changes.
export * from './changes.js'
export * from './consumer.js'
export * from './idempotency.js'
export * from './idempotency-keys.js'
export * from './layer.js'
export * from './nats.js'
export * from './outbox.js'
export * from './unit-of-work.js'
