/** The record the build step writes and `pnpm start` reads (scripts/build-freshness.mjs). */
export const BUILD_RECORD: string
/** The newest change under a path: its own time, and for a directory every entry's. */
export function newestChange (path: string): number
/** True when every output of the last build exists and nothing it read changed since it began. */
export function buildIsFresh (root: string): boolean
