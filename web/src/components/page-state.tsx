import { Alert, Center, Loader } from '@mantine/core'
import i18next from 'i18next'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/problem.js'

export function PageLoader () {
  const { t } = useTranslation()
  return <Center p="xl"><Loader aria-label={t('common.loading')} /></Center>
}

/** What a refusal means to the person: a 403 says their role may not, anything else says what the server said. */
export function problemMessage (error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError) {
    // Refusals the catalogs know by their stable code read in the reader's language; others as the server put them.
    if (i18next.exists(`problems.${error.code}`)) return t(`problems.${error.code}`, error.problem)
    if (error.status === 403) return t('errors.forbidden')
    if (error.status === 404) return t('errors.notFound')
    if (error.status === 412) return t('errors.stale')
    if (error.status === 429) return t('errors.tooMany')
    if (error.status >= 500) return t('errors.unavailable')
    return error.message
  }
  return t('errors.network')
}

/** A query's failure in place of the content it would have shown. */
export function ErrorState ({ error }: { error: unknown }) {
  const { t } = useTranslation()
  const forbidden = error instanceof ApiError && error.status === 403
  return (
    <Alert color={forbidden ? 'orange' : 'red'} title={forbidden ? t('errors.forbiddenTitle') : t('errors.title')} role="alert">
      {problemMessage(error, t)}
    </Alert>
  )
}
