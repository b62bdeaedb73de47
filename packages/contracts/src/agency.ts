import { Type, type Static } from 'typebox'
import { InvoiceNumberFormat } from './invoice-number.js'
import { Audit, LiteralUnion, OptionalTrimmedText, StrictObject, TrimmedText } from './schemas.js'

/** An IBAN as people write it (spaces allowed, any case): the ISO 13616 check digits must hold. */
export function isIban (value: string): boolean {
  const iban = normalIban(value)
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false
  const digits = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55))
  let remainder = 0
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97
  return remainder === 1
}

/** The IBAN as it is stored and printed on documents: capitals in groups of four. */
export function normalIban (value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

export const Iban = Type.Refine(
  Type.String({ minLength: 15, maxLength: 42, examples: ['SE45 5000 0000 0583 9825 7466'] }),
  (value) => isIban(value),
  () => 'must be an IBAN with valid check digits'
)

export const Bic = Type.String({ pattern: '^[A-Za-z]{6}[A-Za-z0-9]{2}([A-Za-z0-9]{3})?$', description: 'SWIFT/BIC, 8 or 11 characters', examples: ['ESSESESS'] })

export const LOGO_MEDIA_TYPES = ['image/png', 'image/svg+xml'] as const

/** Largest logo, decoded: a document header needs no more, and the logo travels in every agency event. */
export const LOGO_MAX_BYTES = 100_000

export const AgencyLogo = StrictObject({
  media_type: LiteralUnion(LOGO_MEDIA_TYPES),
  data: Type.String({
    minLength: 4,
    maxLength: Math.ceil(LOGO_MAX_BYTES / 3) * 4,
    pattern: '^[A-Za-z0-9+/]+={0,2}$',
    contentEncoding: 'base64',
    description: `the image, base64-encoded, at most ${LOGO_MAX_BYTES} bytes decoded`
  })
})

const Email = Type.String({ format: 'email', maxLength: 254, examples: ['office@nordresor.example'] })

/** What the agency's documents carry in their header, payment instructions and footer. */
export const AgencySettingsInput = StrictObject({
  legal_name: TrimmedText(200, { examples: ['Nordresor Åkesson AB'] }),
  address: TrimmedText(500, { examples: ['Götgatan 12\n116 46 Stockholm\nSweden'] }),
  vat_number: Type.Optional(OptionalTrimmedText(30)),
  iban: Iban,
  bic: Type.Optional(Type.Union([Bic, Type.Null()])),
  email: Email,
  phone: TrimmedText(40, { examples: ['+46 8 555 010 20'] }),
  logo: Type.Optional(Type.Union([AgencyLogo, Type.Null()])),
  invoice_footer: Type.Optional(OptionalTrimmedText(1000)),
  invoice_number_format: Type.Optional(InvoiceNumberFormat)
}, { description: 'the whole settings: a field left out is cleared (the number format goes back to the default)' })

/** The agency's settings as responses and `billing.agency.updated` give them. */
export const AgencyPayload = Type.Object({
  // One agency, so one record: its id is always 1 (events name every record by id).
  id: Type.Literal(1),
  legal_name: Type.String(),
  address: Type.String(),
  vat_number: Type.Union([Type.String(), Type.Null()]),
  iban: Type.String(),
  bic: Type.Union([Type.String(), Type.Null()]),
  email: Type.String(),
  phone: Type.String(),
  logo: Type.Union([AgencyLogo, Type.Null()]),
  invoice_footer: Type.Union([Type.String(), Type.Null()]),
  invoice_number_format: Type.String(),
  ...Audit
})

export type AgencySettingsInput = Static<typeof AgencySettingsInput>
export type AgencyPayload = Static<typeof AgencyPayload>
export type AgencyLogo = Static<typeof AgencyLogo>
