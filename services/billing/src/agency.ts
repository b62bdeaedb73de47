import type { EntityManager } from '@mikro-orm/postgresql'
import {
  DEFAULT_INVOICE_NUMBER_FORMAT, LOGO_MAX_BYTES, normalIban, trimmedOrNull, type AgencyLogo, type AgencyPayload, type AgencySettingsInput
} from '@travel-crm/contracts'
import type { Change, EventSink } from '@travel-crm/service-kit/messaging'
import { BillingProblems } from './problems.js'

interface AgencyRow {
  legal_name: string
  address: string
  vat_number: string | null
  iban: string
  bic: string | null
  email: string
  phone: string
  logo_media_type: AgencyLogo['media_type'] | null
  logo: Buffer | null
  invoice_footer: string | null
  invoice_number_format: string
  created_at: string
  updated_at: string
  created_by: number | null
  updated_by: number | null
  version: number
}

// Timestamps as JSON writes them (ISO 8601 with the offset), which Date parses whatever the session's settings.
const COLUMNS = `legal_name, address, vat_number, iban, bic, email, phone, logo_media_type, logo, invoice_footer, invoice_number_format,
  to_json(created_at) #>> '{}' as created_at, to_json(updated_at) #>> '{}' as updated_at, created_by, updated_by, version`

function payloadOf (row: AgencyRow): AgencyPayload {
  return {
    id: 1,
    legal_name: row.legal_name,
    address: row.address,
    vat_number: row.vat_number,
    iban: row.iban,
    bic: row.bic,
    email: row.email,
    phone: row.phone,
    logo: row.logo === null || row.logo_media_type === null ? null : { media_type: row.logo_media_type, data: row.logo.toString('base64') },
    invoice_footer: row.invoice_footer,
    invoice_number_format: row.invoice_number_format,
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    created_by: row.created_by,
    updated_by: row.updated_by,
    version: row.version
  }
}

/** The agency's details, or undefined until an admin has given them. */
export async function agencySettings (em: EntityManager, lock = false): Promise<AgencyPayload | undefined> {
  const [row] = await em.execute<AgencyRow[]>(`select ${COLUMNS} from agency${lock ? ' for update' : ''}`)
  return row === undefined ? undefined : payloadOf(row)
}

export async function invoiceNumberFormat (em: EntityManager): Promise<string> {
  const [row] = await em.execute<Array<{ invoice_number_format: string }>>('select invoice_number_format from agency')
  return row?.invoice_number_format ?? DEFAULT_INVOICE_NUMBER_FORMAT
}

/**
 * The logo's bytes, if they are what their media type says: a PNG by its signature, an SVG by its root
 * element. The schema bounds the base64 text; the decoded size is checked here.
 */
function logoBytes (logo: AgencyLogo): Buffer {
  const bytes = Buffer.from(logo.data, 'base64')
  const kind = logo.media_type === 'image/png' ? 'PNG' : 'SVG'
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  const svg = /^(\uFEFF)?\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/.test(bytes.toString('utf8'))
  if (bytes.length > LOGO_MAX_BYTES || (kind === 'PNG' ? !png : !svg)) throw new BillingProblems.logoInvalid(kind, LOGO_MAX_BYTES)
  return bytes
}

/** Replaces the agency's details as a whole and announces them, for reporting's documents among others. */
export async function setAgencySettings (em: EntityManager, events: EventSink, input: AgencySettingsInput, change: Change): Promise<AgencyPayload> {
  const held = await agencySettings(em, true)
  change.precondition('Agency settings', held?.version ?? 0)
  const logo = input.logo === undefined || input.logo === null ? null : { mediaType: input.logo.media_type, bytes: logoBytes(input.logo) }
  const fields = [
    input.legal_name.trim(), input.address.trim(), trimmedOrNull(input.vat_number), normalIban(input.iban), input.bic?.toUpperCase() ?? null,
    input.email, input.phone.trim(), logo?.mediaType ?? null, logo?.bytes ?? null, trimmedOrNull(input.invoice_footer),
    input.invoice_number_format ?? DEFAULT_INVOICE_NUMBER_FORMAT
  ]
  const [row] = await em.execute<AgencyRow[]>(`
    insert into agency (legal_name, address, vat_number, iban, bic, email, phone, logo_media_type, logo, invoice_footer,
      invoice_number_format, created_at, updated_at, created_by, updated_by)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    on conflict (id) do update set legal_name = excluded.legal_name, address = excluded.address, vat_number = excluded.vat_number,
      iban = excluded.iban, bic = excluded.bic, email = excluded.email, phone = excluded.phone, logo_media_type = excluded.logo_media_type,
      logo = excluded.logo, invoice_footer = excluded.invoice_footer, invoice_number_format = excluded.invoice_number_format,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by, version = agency.version + 1
    returning ${COLUMNS}`, [...fields, change.now, change.now, change.actorId, change.actorId])
  if (row === undefined) throw new Error('the agency row was not written')
  const agency = payloadOf(row)
  await events.emit({ subject: 'billing.agency.updated', about: 'agency/1', data: agency })
  return agency
}
