import { EVENT_SUBJECTS } from '@travel-crm/contracts'

/**
 * Whether a subject matches a pattern as NATS matches them: a `*` stands for exactly one word, a final `>` for
 * one or more; integrators who know the stream know the syntax already.
 */
export function subjectMatches (pattern: string, subject: string): boolean {
  const wanted = pattern.split('.')
  const words = subject.split('.')
  for (let index = 0; index < wanted.length; index++) {
    const token = wanted[index]
    if (token === '>') return index === wanted.length - 1 && words.length > index
    if (index >= words.length || (token !== '*' && token !== words[index])) return false
  }
  return wanted.length === words.length
}

export function matchesAny (patterns: readonly string[], subject: string): boolean {
  return patterns.some((pattern) => subjectMatches(pattern, subject))
}

/** The patterns that match no subject of the catalogue: typos, which would otherwise wait silently for nothing. */
export function patternsMatchingNothing (patterns: readonly string[]): string[] {
  return patterns.filter((pattern) => !EVENT_SUBJECTS.some((subject) => subjectMatches(pattern, subject)))
}
