import { raw, type ObjectQuery } from '@mikro-orm/postgresql'
import { containingPattern } from '@travel-crm/service-kit/data'

/** Columns with a bigram index (migration TwoCharacterSearch20261128000000). */
const BIGRAM_INDEXED: ReadonlySet<string> = new Set(['name', 'email', 'company', 'destination'])

function length (part: string): number {
  return [...part].length
}

/**
 * Whether an index can find the rows that contain `part`: a trigram index from three characters on, a bigram
 * index for two. One character is in too much of any table for an index to help.
 */
export function indexServes (column: string, part: string): boolean {
  return length(part) >= 3 || (length(part) === 2 && BIGRAM_INDEXED.has(column))
}

/**
 * Rows whose column (property and column share the name) contains `part` in any case. For two characters the
 * bigrams of the lowered text are asked for as well: that is what the bigram index can serve, and `ilike` decides.
 */
export function containing<Entity> (column: string, part: string): ObjectQuery<Entity> {
  const matches = { [column]: { $ilike: containingPattern(part) } }
  if (length(part) !== 2 || !BIGRAM_INDEXED.has(column)) return matches as ObjectQuery<Entity>
  const bigrams = raw((alias: string) => `bigrams(lower(${alias}.${column})) @> bigrams(lower(?))`, [part])
  return { ...matches, [bigrams]: [] } as ObjectQuery<Entity>
}
