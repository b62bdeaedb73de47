/** The ETag of a record: its version, so every change gives a new one. */
export function etagOf (version: number): string {
  return `"${version}"`
}

/**
 * What the caller expects of a record's version before it changes it (from `If-Match`): a function that
 * throws when the record has moved on, or accepts anything when the caller made no claim. `record` names the
 * record in the refusal ("Client 7").
 */
export type Precondition = (record: string, currentVersion: number) => void

export const noPrecondition: Precondition = () => {}

/** A refusal built from the record's name, its version now and the If-Match the caller sent. */
export type StaleVersionProblem = new (record: string, currentVersion: number, ifMatch: string) => Error

/** The message of every service's stale-version refusal; the code is the service's own (`CRM_STALE_VERSION`). */
export const STALE_VERSION_MESSAGE = '%s is at version %s, not the one in If-Match (%s): read it again'

const STRONG_TAG = /^"?(\d+)"?$/

/**
 * `If-Match` as RFC 9110 reads it: `*` or a list of entity tags, compared strongly (a weak `W/"3"` never
 * matches). The tag is the record's version; the quotes may be left out, as hand-written requests often do.
 */
export function ifMatchPrecondition (header: string | undefined, stale: StaleVersionProblem): Precondition {
  if (header === undefined) return noPrecondition
  const tags = header.split(',').map((tag) => tag.trim())
  if (tags.includes('*')) return noPrecondition
  const versions = new Set(tags.map((tag) => STRONG_TAG.exec(tag)?.[1]).filter((version) => version !== undefined))
  return (record, currentVersion) => {
    if (!versions.has(String(currentVersion))) throw new stale(record, currentVersion, header)
  }
}
