/**
 * An `ilike` pattern for text that contains `part` literally: `%`, `_` and the escape character `\` that a
 * user types are matched as themselves, not as wildcards.
 */
export function containingPattern (part: string): string {
  return `%${part.replace(/[\\%_]/g, '\\$&')}%`
}

/** A search filter the caller gave, trimmed; undefined when it is absent or blank (a blank filter matches everything). */
export function searchTerm (filter: string | undefined): string | undefined {
  return filter === undefined || filter.trim() === '' ? undefined : filter.trim()
}
