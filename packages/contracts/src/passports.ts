/**
 * The passport rule, written once: crm warns with it on a trip and its travellers, reporting's departures
 * report applies the same months in SQL (`PASSPORT_VALIDITY_MONTHS` as a parameter).
 */

/** Many countries want a passport valid this many months after the stay ends. */
export const PASSPORT_VALIDITY_MONTHS = 6

/**
 * What to look at before a departure: no passport number or no expiry known yet, or a passport that expires
 * less than `PASSPORT_VALIDITY_MONTHS` after the trip ends. crm's trip warnings name only the latter.
 */
export const PASSPORT_WARNING_CODES = ['PASSPORT_MISSING', 'PASSPORT_EXPIRES_TOO_SOON'] as const
export type PassportWarningCode = (typeof PASSPORT_WARNING_CODES)[number]

/**
 * The day `months` after `date` (YYYY-MM-DD); a month that has no such day ends the count at its last one
 * (31 August + 6 months = 29 February in a leap year), as Postgres adds an interval of months to a date.
 */
export function monthsAfter (date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number)
  const monthIndex = month - 1 + months
  const targetYear = year + Math.floor(monthIndex / 12)
  const targetMonth = ((monthIndex % 12) + 12) % 12
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate()
  const target = new Date(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)))
  return target.toISOString().slice(0, 10)
}

/** The first day a passport must still be valid on for a trip ending on `tripEndDate`. */
export function passportNeededUntil (tripEndDate: string): string {
  return monthsAfter(tripEndDate, PASSPORT_VALIDITY_MONTHS)
}

/** Whether a passport expiring on `expiry` (YYYY-MM-DD) expires too soon for a trip ending on `tripEndDate`. */
export function passportExpiresTooSoon (tripEndDate: string, expiry: string): boolean {
  return expiry < passportNeededUntil(tripEndDate)
}

/** A traveller's passport as far as the rule needs it: never the number itself. */
export interface PassportFacts {
  hasPassportNumber: boolean
  passportExpiry: string | null
}

/** The departures report's warning for one traveller, or null when the passport will do. */
export function passportWarning (tripEndDate: string, passport: PassportFacts): PassportWarningCode | null {
  if (!passport.hasPassportNumber || passport.passportExpiry === null) return 'PASSPORT_MISSING'
  return passportExpiresTooSoon(tripEndDate, passport.passportExpiry) ? 'PASSPORT_EXPIRES_TOO_SOON' : null
}
