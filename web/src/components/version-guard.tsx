import { Alert, Button, Group, Text } from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/problem.js'
import { changedFields, mergeTheirs } from './server-form.js'

/**
 * The If-Match of an edit form: the version the form was opened at, until someone else saves first (412).
 * Then the form says so; loading their version moves the If-Match to it and shows what they saved. What was
 * typed stays in the fields; `onTheirs` lets the form take their values into the fields nobody touched.
 */
export function useVersionGuard<Record extends { version: number }> (record: Record | undefined, readAgain: () => Promise<Record>, onTheirs: (theirs: Record) => void) {
  const [version, setVersion] = useState(record?.version)
  const [stale, setStale] = useState(false)
  const [reloading, setReloading] = useState(false)
  const [theirs, setTheirs] = useState<Record>()
  return {
    version: version ?? 0,
    theirs,
    /** True when the error was the 412, now shown by the notice. */
    caught: (error: unknown): boolean => {
      const isStale = error instanceof ApiError && error.status === 412
      if (isStale) setStale(true)
      return isStale
    },
    notice: stale
      ? <StaleNotice reloading={reloading} onReload={() => {
          setReloading(true)
          void readAgain().then((latest) => { setVersion(latest.version); setTheirs(latest); setStale(false); onTheirs(latest) }).finally(() => { setReloading(false) })
        }} />
      : undefined
  }
}

/**
 * An edit form's guard with the baseline its changes are measured against: what the form was opened with, not
 * the record as live updates bring it meanwhile; once their version is loaded, theirs, taken into the fields
 * nobody touched. `changes(values)` is what to PATCH.
 */
export function useGuardedEdit<Row extends { version: number }, Fields extends Record<string, unknown>> (
  form: UseFormReturnType<Fields>, record: Row | undefined, readAgain: () => Promise<Row>, fieldsOf: (record?: Row) => Fields
) {
  const [baseline, setBaseline] = useState(() => fieldsOf(record))
  const guard = useVersionGuard(record, readAgain, (theirs) => { setBaseline(mergeTheirs(form, baseline, fieldsOf(theirs))) })
  return { ...guard, changes: (values: Fields) => changedFields(values, baseline) }
}

export function StaleNotice ({ onReload, reloading }: { onReload: () => void, reloading: boolean }) {
  const { t } = useTranslation()
  return (
    <Alert color="orange" title={t('stale.title')} role="alert">
      <Text size="sm">{t('stale.body')}</Text>
      <Group mt="xs"><Button size="xs" variant="white" color="dark" loading={reloading} onClick={onReload}>{t('stale.reload')}</Button></Group>
    </Alert>
  )
}

export function TheirVersion ({ details }: { details: Array<string | null | undefined> }) {
  const { t } = useTranslation()
  return (
    <Alert color="blue" role="status">
      <Text size="sm">{t('stale.reloaded', { details: details.filter(Boolean).join(', ') })}</Text>
    </Alert>
  )
}
