/** Optional text as stored: trimmed, and null when nothing is left. */
export function optionalText (value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}
