// REST request and response schemas of the webhooks service: shared with the gateway's OpenAPI document.
import { Type, type Static } from 'typebox'
import { EndpointPayload } from '../events/payloads.js'
import { Pagination, StrictObject, Timestamp } from '../schemas.js'

/** Where deliveries go: HTTPS to a public address unless the operator opened the host (`WEBHOOK_ALLOWED_HOSTS`). */
const EndpointUrl = Type.String({ minLength: 8, maxLength: 2000, format: 'uri', examples: ['https://hooks.example.com/travel-crm'] })

/** Subject patterns: a `*` stands for one word, a final `>` for the rest (`billing.>`, or `>` for everything). */
const EventPatterns = Type.Array(
  Type.String({ minLength: 1, maxLength: 200, pattern: '^([a-z_*]+|>)(\\.([a-z_*]+|>))*$', examples: ['billing.payment.recorded', 'billing.invoice.*'] }),
  { minItems: 1, maxItems: 50, uniqueItems: true }
)

const Description = Type.Union([Type.String({ maxLength: 500 }), Type.Null()])

export const WebhookCreate = StrictObject({
  url: EndpointUrl,
  events: EventPatterns,
  description: Type.Optional(Description)
}, { description: 'each pattern must match at least one subject of the event catalogue' })

export const WebhookPatch = StrictObject({
  url: Type.Optional(EndpointUrl),
  events: Type.Optional(EventPatterns),
  description: Type.Optional(Description),
  enabled: Type.Optional(Type.Boolean({ description: 'true turns a disabled endpoint back on and forgets its failures' }))
}, { minProperties: 1 })

/** An endpoint; its signing secret is shown only by the create and rotate answers. */
export const Webhook = EndpointPayload

const Secret = Type.String({ pattern: '^whsec_[A-Za-z0-9+/=]+$', description: 'shown once: keep it, it cannot be read again' })

export const WebhookCreated = Type.Object({ ...EndpointPayload.properties, secret: Secret })

export const SecretRotated = Type.Object({
  secret: Secret,
  previous_secret_expires_at: Timestamp
}, { description: 'until previous_secret_expires_at every delivery carries a signature with each secret' })

export const WebhookListQuery = StrictObject({ ...Pagination })

export const DeliveryListQuery = StrictObject({ ...Pagination })

/** One try at sending one event to the endpoint. */
export const DeliveryAttempt = Type.Object({
  id: Type.Integer(),
  event_id: Type.String({ format: 'uuid' }),
  event_type: Type.String(),
  attempt: Type.Integer({ minimum: 1, description: 'the how-many-th try of this delivery' }),
  attempted_at: Timestamp,
  status_code: Type.Union([Type.Integer(), Type.Null()], { description: 'null when no answer came (refused, timeout, address refused)' }),
  error: Type.Union([Type.String(), Type.Null()]),
  duration_ms: Type.Integer({ minimum: 0 }),
  response_body: Type.Union([Type.String(), Type.Null()], { description: 'the first 1 KiB of the answer' }),
  outcome: Type.Union([Type.Literal('delivered'), Type.Literal('retrying'), Type.Literal('parked')]),
  next_retry_at: Type.Union([Timestamp, Type.Null()])
})
export const DeliveryAttempts = Type.Array(DeliveryAttempt)

export const TestSent = Type.Object({ event_id: Type.String({ format: 'uuid' }) })

export const ReplayRequest = StrictObject({
  since: Type.Union([
    Type.String({ format: 'date-time', description: 'events stored in the stream at or after this time' }),
    Type.Integer({ minimum: 1, description: 'events from this stream sequence on' })
  ])
})

export const ReplayQueued = Type.Object({
  deliveries: Type.Integer({ minimum: 0, description: 'events that matched the endpoint and will be sent again' }),
  first_sequence: Type.Union([Type.Integer(), Type.Null()]),
  last_sequence: Type.Union([Type.Integer(), Type.Null()]),
  next_sequence: Type.Union([Type.Integer(), Type.Null()], {
    description: 'null when everything that matched is queued; otherwise the replay stopped at its limit (WEBHOOK_REPLAY_MAX_DELIVERIES): replay again with this as `since` for the rest'
  })
}, { description: 'a replay queues at most WEBHOOK_REPLAY_MAX_DELIVERIES deliveries; next_sequence pages on from there' })

export type WebhookCreate = Static<typeof WebhookCreate>
export type WebhookPatch = Static<typeof WebhookPatch>
export type Webhook = Static<typeof Webhook>
export type WebhookCreated = Static<typeof WebhookCreated>
export type SecretRotated = Static<typeof SecretRotated>
export type WebhookListQuery = Static<typeof WebhookListQuery>
export type DeliveryListQuery = Static<typeof DeliveryListQuery>
export type DeliveryAttempt = Static<typeof DeliveryAttempt>
export type ReplayRequest = Static<typeof ReplayRequest>
export type ReplayQueued = Static<typeof ReplayQueued>
export type TestSent = Static<typeof TestSent>
