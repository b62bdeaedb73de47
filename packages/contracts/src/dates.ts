const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar day in `YYYY-MM-DD` form: 2027-02-30 is not one. */
export function isCalendarDate (value: string): boolean {
  const match = DATE.exec(value)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** Today's date in UTC, `YYYY-MM-DD`; overdue is judged against it. */
export function todayUtc (now: Date = new Date()): string {
  return now.toISOString().slice(0, 10)
}
