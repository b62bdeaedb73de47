import { Alert, Button, Group, Modal, Stack } from '@mantine/core'
import type { UseFormReturnType } from '@mantine/form'
import { useState, type FormEventHandler, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { problemMessage } from './page-state.js'
import { showServerErrors } from './server-form.js'

/**
 * The submit of a form that saves through the API: the server's validation messages go to their fields, and a
 * refusal no field explains is shown above the form. `caught` takes the refusals a form answers in its own way
 * (a stale version); `explain` words the rest when the general wording does not fit.
 */
export function useApiSubmit<Values extends Record<string, unknown>> (
  form: UseFormReturnType<Values>,
  save: (values: Values) => Promise<void>,
  options: { caught?: (error: unknown) => boolean, explain?: (error: unknown) => string } = {}
) {
  const { t } = useTranslation()
  const [failure, setFailure] = useState<string>()
  const onSubmit = form.onSubmit(async (values) => {
    setFailure(undefined)
    try {
      await save(values)
    } catch (error) {
      if (options.caught?.(error) === true || showServerErrors(form, error)) return
      setFailure(options.explain?.(error) ?? problemMessage(error, t))
    }
  })
  return { onSubmit, failure, submitting: form.submitting }
}

/** A form in a dialog: its title, what went wrong, the fields, then Cancel and the submit button. */
export function FormDialog ({ title, onClose, onSubmit, failure, submitting, submitLabel, children }: {
  title: string
  onClose: () => void
  onSubmit: FormEventHandler<HTMLFormElement>
  failure: string | undefined
  submitting: boolean
  submitLabel?: string
  children: ReactNode
}) {
  const { t } = useTranslation()
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('common.close') }} title={title}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {failure !== undefined && <Alert color="red" role="alert">{failure}</Alert>}
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={submitting}>{submitLabel ?? t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
