import type { UseFormReturnType } from '@mantine/form'
import { ApiError } from '../api/problem.js'

/**
 * Puts the server's validation messages at the fields they concern. True when some message found its field;
 * false when the refusal is about no field of this form (the caller shows it above the form).
 */
export function showServerErrors<Values extends Record<string, unknown>> (form: UseFormReturnType<Values>, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  const fields = error.fieldErrors()
  const placed = Object.keys(fields).filter((field) => field in form.getValues())
  for (const field of placed) form.setFieldError(field, fields[field])
  return placed.length > 0
}

/** The fields of an edit that differ from the record: a PATCH sends only those. */
export function changedFields<Values extends Record<string, unknown>> (values: Values, record: Record<string, unknown>): Partial<Values> {
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => (record[key] ?? '') !== value)) as Partial<Values>
}

/**
 * Someone else's version arrived (after a 412): the fields this form's user has not touched take its values,
 * the typed ones stay. Returns the new baseline that later changes are measured against.
 */
export function mergeTheirs<Values extends Record<string, unknown>> (form: UseFormReturnType<Values>, baseline: Values, theirs: Values): Values {
  const typed = form.getValues()
  for (const key of Object.keys(theirs) as Array<keyof Values & string>) {
    if (typed[key] === baseline[key]) form.setFieldValue(key, theirs[key] as never)
  }
  return theirs
}
