import { Problems } from '@travel-crm/service-kit'

/** The ETag of a record: its version, so any change gives a new one. */
export function etagOf (version: number): string {
  return `"${version}"`
}

/**
 * `If-Match` names the version the caller last saw; when the record has moved on since, the change would
 * overwrite someone else's, so it is refused (412). Without the header the caller takes that risk knowingly.
 */
export function assertVersion (ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined) return
  const tags = ifMatch.split(',').map((tag) => tag.trim())
  if (tags.includes('*') || tags.includes(etagOf(version))) return
  throw new Problems.preconditionFailed(`The record is at version ${version}, not ${ifMatch}`)
}
