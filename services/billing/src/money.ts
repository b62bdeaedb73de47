import { parseMoney } from '@travel-crm/contracts'
import { Problems } from '@travel-crm/service-kit/http'

/** An amount the schema already accepted, as the two-decimal string the rest of the service works with. */
export function moneyOf (value: unknown, field: string): string {
  const amount = parseMoney(value)
  if (amount === undefined) throw new Problems.validation(`body/${field} must be greater than 0 with at most two decimals`)
  return amount
}

export function optionalMoneyOf (value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : moneyOf(value, field)
}
