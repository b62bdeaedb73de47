/**
 * Money travels as a decimal string with exactly two decimals ("1234.50") and is summed as integer cents in
 * BigInt, never as a JS float. Input may also be a JSON number, which is accepted only when its shortest
 * decimal form already has at most two decimals (so 1.005 and 1e21 are refused instead of rounded).
 */
const DECIMAL = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/

/** NUMERIC(12,2) holds at most ten digits before the point. */
export const MAX_MONEY = '9999999999.99'

export function parseMoney (input: unknown): string | undefined {
  let text: string
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined
    text = String(input)
  } else if (typeof input === 'string') {
    text = input.trim()
  } else {
    return undefined
  }
  if (!DECIMAL.test(text)) return undefined
  return fromCents(toCents(text))
}

export function toCents (amount: string): bigint {
  const negative = amount.startsWith('-')
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.')
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
  return negative ? -cents : cents
}

export function fromCents (cents: bigint): string {
  const negative = cents < 0n
  const magnitude = negative ? -cents : cents
  const whole = magnitude / 100n
  const fraction = (magnitude % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

export function addMoney (...amounts: string[]): string {
  return fromCents(amounts.reduce((sum, amount) => sum + toCents(amount), 0n))
}

export function subtractMoney (from: string, amount: string): string {
  return fromCents(toCents(from) - toCents(amount))
}

export function compareMoney (a: string, b: string): -1 | 0 | 1 {
  const difference = toCents(a) - toCents(b)
  return difference === 0n ? 0 : difference < 0n ? -1 : 1
}

/**
 * `rate` percent (0 to 100, two decimals) of `amount`, rounded half up to the cent in integer arithmetic
 * (10.00 % of 33.35 is 3.335, which is 3.34): a supplier's commission, a deposit.
 */
export function percentOf (rate: string, amount: string): string {
  return fromCents((toCents(amount) * toCents(rate) + 5000n) / 10000n)
}
