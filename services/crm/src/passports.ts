import type { EntityManager } from '@mikro-orm/postgresql'
import { passportNeededUntil, type Role, type TripWarning } from '@travel-crm/contracts'
import { Keyring } from '@travel-crm/service-kit/data'
import type { AnswerSealing } from '@travel-crm/service-kit/messaging'

/** A passport number as the table keeps it: sealed, with the id of the key that sealed it. */
export interface SealedPassport {
  passportNumberSealed?: string | null
  passportKeyId?: string | null
}

export function sealPassport (keys: Keyring, number: string | null): SealedPassport {
  if (number === null) return { passportNumberSealed: null, passportKeyId: null }
  return { passportNumberSealed: keys.seal(number.toUpperCase()), passportKeyId: keys.currentId }
}

export function openPassport (keys: Keyring, sealed: SealedPassport): string | null {
  return sealed.passportNumberSealed == null ? null : keys.open(sealed.passportNumberSealed)
}

/** What an analyst sees of a passport number: enough to tell two apart on the phone, not enough to use one. */
export function maskedPassport (number: string): string {
  return `•••••${number.slice(-4)}`
}

/** Admins and agents book the trips and need the whole number; analysts read it masked. */
export function passportShownTo (role: Role, number: string | null): string | null {
  if (number === null) return null
  return role === 'analyst' ? maskedPassport(number) : number
}

/** Travellers whose passport expires too soon after the trip ends (the rule is contracts'); the records stand all the same. */
export function passportWarnings (
  tripEndDate: string, travellers: ReadonlyArray<{ id: number, passportExpiry?: string | null }>
): TripWarning[] {
  const needed = passportNeededUntil(tripEndDate)
  return travellers
    .filter((traveller) => traveller.passportExpiry != null && traveller.passportExpiry < needed)
    .map((traveller) => ({ code: 'PASSPORT_EXPIRES_TOO_SOON', traveller_id: traveller.id }))
}

/** A traveller's answer to a POST holds the passport number: the idempotency table keeps it sealed too. */
export function sealedAnswers (keys: Keyring): AnswerSealing {
  return { seal: (body) => keys.seal(body), open: (sealed) => keys.open(sealed) }
}

const ROTATION_BATCH = 200

/**
 * Seals again with the current key every passport number, and every remembered POST answer, that an older key
 * sealed; a batch per transaction, so a large table neither holds its locks long nor starts over after a
 * failure. Nothing else changes: no version, no event. Returns how many of each were sealed again.
 */
export async function rotatePassportKey (em: EntityManager, keys: Keyring): Promise<{ travellers: number, answers: number }> {
  let travellers = 0
  for (;;) {
    const resealed = await em.transactional(async (tx) => {
      const rows = await tx.execute<Array<{ id: number, passport_number_sealed: string }>>(
        `select id, passport_number_sealed from traveller where passport_key_id is not null and passport_key_id <> ?
         order by id limit ? for update`, [keys.currentId, ROTATION_BATCH])
      for (const row of rows) {
        await tx.execute('update traveller set passport_number_sealed = ?, passport_key_id = ? where id = ?',
          [keys.seal(keys.open(row.passport_number_sealed)), keys.currentId, row.id])
      }
      return rows.length
    })
    travellers += resealed
    if (resealed < ROTATION_BATCH) break
  }
  // Answers are plain JSON unless sealed (`<key id>.…`), and live 48 hours: few, so one pass.
  const answers = await em.transactional(async (tx) => {
    const rows = await tx.execute<Array<{ key: string, response_body: string }>>(
      'select key, response_body from idempotency_key where response_body ~ \'^[a-z0-9-]{1,32}\\.\' for update')
    let count = 0
    for (const row of rows) {
      if (Keyring.keyIdOf(row.response_body) === keys.currentId) continue
      await tx.execute('update idempotency_key set response_body = ? where key = ?', [keys.seal(keys.open(row.response_body)), row.key])
      count += 1
    }
    return count
  })
  return { travellers, answers }
}
