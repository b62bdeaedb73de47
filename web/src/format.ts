// Dates, numbers and money in the reader's language: Intl does it, with the record's own currency.

/**
 * Money as the API gives it (a decimal string, "1250.50") in the record's currency. Intl formats the string
 * itself, never a float made from it, so a cent is never rounded away (Intl.NumberFormat takes decimal strings
 * exactly).
 */
export function formatMoney (amount: string, currency: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'currency', currency }).format(amount as unknown as number)
}

/** A calendar day (YYYY-MM-DD) as the reader writes it; the day is read as a date, not an instant, so no time zone moves it. */
export function formatDay (day: string, language: string): string {
  const [year, month, date] = day.split('-').map(Number)
  if (year === undefined || month === undefined || date === undefined) return day
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, date))
}

export function formatTimestamp (timestamp: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(timestamp))
}

export function formatNumber (value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value)
}

/** A percentage the API gives as a decimal string ("33.33"), exactly, with its sign as the language writes it. */
export function formatPercent (rate: string, language: string): string {
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(rate as unknown as number)
}

/** A month of a year, for chart axes ("Mar 2027", "mars 2027"). */
export function formatMonth (year: number, month: number, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1))
}

/** Today as a calendar day in UTC, as the API judges due dates. */
export function today (now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}

export function addDays (day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/**
 * The difference of two money strings, exactly: in whole cents as BigInt, never as floats. The payment dialog
 * shows the open balance with it.
 */
export function subtractMoney (amount: string, minus: string): string {
  const cents = (value: string) => {
    const [whole = '0', fraction = ''] = value.replace('-', '').split('.')
    const result = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
    return value.startsWith('-') ? -result : result
  }
  const difference = cents(amount) - cents(minus)
  const sign = difference < 0n ? '-' : ''
  const absolute = difference < 0n ? -difference : difference
  return `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`
}

/** Money strings of one currency compared exactly (for "refuses more than the open balance"). */
export function compareMoney (left: string, right: string): number {
  const difference = subtractMoney(left, right)
  return difference.startsWith('-') ? -1 : difference === '0.00' ? 0 : 1
}

export function addMoney (left: string, right: string): string {
  return subtractMoney(left, right.startsWith('-') ? right.slice(1) : `-${right}`)
}

/** Open balances summed per currency, exactly: amounts of different currencies are never added together. */
export function balancesByCurrency (invoices: ReadonlyArray<{ amount: string, paid_amount: string, currency: string }>): Array<{ currency: string, balance: string }> {
  const sums = new Map<string, string>()
  for (const invoice of invoices) {
    sums.set(invoice.currency, addMoney(sums.get(invoice.currency) ?? '0.00', subtractMoney(invoice.amount, invoice.paid_amount)))
  }
  return [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([currency, balance]) => ({ currency, balance }))
}

/**
 * Monthly revenue rows (per month, destination and currency) as the twelve months ending with `lastMonth`,
 * one series per currency, months without payments at zero: what the dashboard's chart draws.
 */
export function lastTwelveMonths (rows: ReadonlyArray<{ year: number, month: number, currency: string, total_revenue: string }>, lastMonth: { year: number, month: number }): { months: Array<{ year: number, month: number } & Record<string, number>>, currencies: string[] } {
  const currencies = [...new Set(rows.map((row) => row.currency))].sort()
  const months = Array.from({ length: 12 }, (_, index) => {
    const offset = lastMonth.year * 12 + (lastMonth.month - 1) - (11 - index)
    const year = Math.floor(offset / 12)
    const month = (offset % 12) + 1
    const totals = Object.fromEntries(currencies.map((currency) => [currency, rows
      .filter((row) => row.year === year && row.month === month && row.currency === currency)
      .reduce((sum, row) => addMoney(sum, row.total_revenue), '0.00')]))
    // The chart needs numbers; the exact sums above are rounded only here, for drawing.
    return { year, month, ...Object.fromEntries(Object.entries(totals).map(([currency, total]) => [currency, Number(total)])) }
  })
  return { months: months as Array<{ year: number, month: number } & Record<string, number>>, currencies }
}
