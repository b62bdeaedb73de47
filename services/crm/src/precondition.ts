/**
 * What the caller expects of a record's version before it changes it (from `If-Match`): a function that
 * throws when the record has moved on, or accepts anything when the caller made no claim.
 */
export type Precondition = (label: string, currentVersion: number) => void

export const noPrecondition: Precondition = () => {}
