import { raw, type ObjectQuery } from '@mikro-orm/postgresql'
import { containingPattern } from '@travel-crm/service-kit/data'

/** Columns with a bigram index (migration TwoCharacterSearch20261128000000). */
const BIGRAM_INDEXED: ReadonlySet<string> = new Set(['name', 'email', 'company', 'destination'])

function length (part: string): number {
  return [...part].length
}

/** Whether the column's trigram index can find the rows that contain `part`: from three characters on. */
function trigramServes (part: string): boolean {
  return length(part) >= 3
}

/** Whether the column's bigram index can: two characters, on a column that has one. */
function bigramServes (column: string, part: string): boolean {
  return length(part) === 2 && BIGRAM_INDEXED.has(column)
}

/**
 * Whether an index can find the rows that contain `part`: a trigram index from three characters on, a bigram
 * index for two. One character is in too much of any table for an index to help.
 */
export function indexServes (column: string, part: string): boolean {
  return trigramServes(part) || bigramServes(column, part)
}

/**
 * Rows whose column (property and column share the name) contains `part` in any case. For two characters the
 * bigrams of the lowered text are asked for as well: that is what the bigram index can serve, and `ilike` decides.
 *
 * Where a trigram index serves the part (three characters or more), the statement hands Postgres the pattern as a
 * subquery's value, `(select ?)`, which its planner does not look into. Each plan of the statement is then the
 * same (the index's candidates, rechecked, then sorted and counted; findPage's `search` shape leaves it no other),
 * and from the sixth run on Postgres keeps one generic plan instead of planning the statement again for every
 * search with the pattern written in: a search that matches nothing cost its backend 0.15 ms, 0.10 of it
 * planning, and now 0.06 (the bench README has the figures). Any other part is written in as before: for two
 * characters the planner must see that no trigram can serve them (hidden, it takes the trigram index over the
 * bigrams and reads it whole), and for one, how many rows contain it decides between reading the table and
 * walking the key.
 */
export function containing<Entity> (column: string, part: string): ObjectQuery<Entity> {
  const pattern = containingPattern(part)
  if (trigramServes(part)) return { [raw((alias: string) => `${alias}.${column} ilike (select ?::text)`, [pattern])]: [] } as ObjectQuery<Entity>
  const matches = { [column]: { $ilike: pattern } }
  if (!bigramServes(column, part)) return matches as ObjectQuery<Entity>
  const bigrams = raw((alias: string) => `bigrams(lower(${alias}.${column})) @> bigrams(lower(?))`, [part])
  return { ...matches, [bigrams]: [] } as ObjectQuery<Entity>
}
