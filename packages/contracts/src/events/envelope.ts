import { Type, type Static } from 'typebox'

export const STREAM_NAME = 'TRAVEL_CRM'
/** Roots of the subjects the stream holds (STREAM_SUBJECTS); request-reply subjects such as `crm.query.trip` are outside it. */
export const STREAM_SUBJECT_ROOTS = ['auth', 'crm', 'billing', 'webhooks'] as const

/** CloudEvents 1.0 structured JSON envelope, with the `actorid`, `requestid`, `traceparent` and `sealedwith` extensions. */
export const CloudEvent = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String({ format: 'uuid' }),
  source: Type.String({ examples: ['travel-crm/billing'] }),
  type: Type.String({ examples: ['billing.payment.recorded'] }),
  time: Type.String({ format: 'date-time' }),
  subject: Type.String({ examples: ['payment/42'] }),
  datacontenttype: Type.Literal('application/json'),
  actorid: Type.Optional(Type.String()),
  requestid: Type.Optional(Type.String()),
  traceparent: Type.Optional(Type.String()),
  sealedwith: Type.Optional(Type.String({
    description: 'in the stream only: the id of the client key that sealed the personal fields of `data` (crypto-shredding); ' +
      'webhook deliveries come opened, without it'
  })),
  data: Type.Unknown()
})
export type CloudEvent<Data = unknown> = Omit<Static<typeof CloudEvent>, 'data'> & { data: Data }
