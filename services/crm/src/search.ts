/** An `ilike` pattern matching text that contains `part` literally: `%` and `_` typed by a user are not wildcards. */
export function containing (part: string): string {
  return `%${part.replace(/[\\%_]/g, '\\$&')}%`
}

/** A filter the caller gave, or undefined when it is absent or blank (a blank filter matches everything). */
export function given (filter: string | undefined): string | undefined {
  return filter === undefined || filter.trim() === '' ? undefined : filter.trim()
}
