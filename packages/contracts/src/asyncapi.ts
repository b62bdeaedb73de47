import { CloudEvent } from './events/envelope.js'
import { PERSONAL_FIELDS } from './privacy.js'
import { EVENT_CATALOGUE, EVENT_SUBJECTS, isWebhookOnly, STREAM_SUBJECTS, type EventSubject } from './events/subjects.js'

/** JSON Schema of the CloudEvents envelope of one subject: `type` fixed to it, `data` its payload. */
function envelopeOf (subject: EventSubject): Record<string, unknown> {
  const envelope = JSON.parse(JSON.stringify(CloudEvent)) as { properties: Record<string, unknown> }
  envelope.properties['type'] = { type: 'string', const: subject }
  envelope.properties['data'] = { $ref: `#/components/schemas/${schemaName(subject)}` }
  return envelope
}

/** `due_soon` becomes `DueSoon`: schema names are PascalCase whatever the subject's token looks like. */
function capitalised (word: string | undefined): string {
  return (word ?? '').split('_').map((part) => `${part[0]?.toUpperCase() ?? ''}${part.slice(1)}`).join('')
}

/**
 * One schema per entity (`Payment`), named after it; a subject that carries more than its entity's first
 * subject (the deleted payment, with who deleted it and why) gets a schema of its own (`PaymentDeleted`).
 */
function schemaName (subject: EventSubject): string {
  const [, entity, action] = subject.split('.')
  const first = EVENT_SUBJECTS.find((other) => other.split('.')[1] === entity) ?? subject
  const name = capitalised(entity)
  return EVENT_CATALOGUE[first].payload === EVENT_CATALOGUE[subject].payload ? name : `${name}${capitalised(action)}`
}

/**
 * The event catalogue as an AsyncAPI 3.0 document, generated from the same TypeBox schemas the services
 * publish with, so it cannot drift from them. Integrators receive; the services are the senders.
 */
export function asyncApiDocument (version = '0.1.0'): Record<string, unknown> {
  const channels: Record<string, unknown> = {}
  const operations: Record<string, unknown> = {}
  const messages: Record<string, unknown> = {}
  const schemas: Record<string, unknown> = {}
  for (const subject of EVENT_SUBJECTS) {
    const { payload, summary } = EVENT_CATALOGUE[subject]
    schemas[schemaName(subject)] = JSON.parse(JSON.stringify(payload))
    messages[subject] = {
      name: subject,
      title: subject,
      summary,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: { 'Nats-Msg-Id': { type: 'string', description: 'the event id; JetStream drops a duplicate within two minutes' } }
      },
      payload: envelopeOf(subject)
    }
    channels[subject] = {
      address: subject,
      description: `${summary} ${isWebhookOnly(subject) ? 'Never stored in the stream: it goes to the webhook endpoint only.' : 'Stored in the stream TRAVEL_CRM.'}`,
      messages: { [subject]: { $ref: `#/components/messages/${subject}` } }
    }
    operations[`receive.${subject}`] = {
      action: 'receive',
      summary: `Receive ${subject}`,
      channel: { $ref: `#/channels/${subject}` },
      messages: [{ $ref: `#/channels/${subject}/messages/${subject}` }]
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Travel CRM events',
      version,
      description: 'Every event the Travel CRM services publish to the NATS JetStream stream TRAVEL_CRM ' +
        `(subjects ${STREAM_SUBJECTS.join(', ')}). ` +
        'Each message is a CloudEvents 1.0 JSON envelope whose `data` is the ' +
        'whole entity after the change, with its `version` (monotonic per entity): apply an event only if its ' +
        'version is newer than the one you hold. Use a durable consumer with explicit acks. The same envelopes ' +
        'reach HTTPS endpoints registered with `POST /webhooks` as the body of a Standard Webhooks request ' +
        '(headers webhook-id, webhook-timestamp, webhook-signature). ' +
        'Personal data (GDPR): in the stream, the personal fields of client, note, trip and traveller events ' +
        `(${Object.entries(PERSONAL_FIELDS).map(([kind, fields]) => `${kind}: ${fields.join(', ')}`).join('; ')}) ` +
        'are sealed with a key of the client they belong to (AES-256-GCM, `<key id>.<iv>.<tag>.<ciphertext>` as a string, ' +
        'the key id in the envelope\'s `sealedwith`). Services open them with the key from crm; webhook deliveries ' +
        'arrive opened, exactly as before sealing, without `sealedwith`. `crm.client.erased` says a client was ' +
        'erased: its keys are destroyed, so its events in the stream open as the erased record, and you must ' +
        'replace what you copied of the records it names with the erased values (`Erased client 42`, ' +
        'blank contacts, empty notes, travellers `Erased Traveller` without birth date, nationality or passport).'
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:4222', protocol: 'nats', description: 'NATS with JetStream, as `pnpm start` expects it' }
    },
    channels,
    operations,
    components: { messages, schemas }
  }
}
