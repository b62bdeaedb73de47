import { Alert, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp, useUser } from '../app-context.js'
import { problemMessage } from '../components/page-state.js'
import { showServerErrors } from '../components/server-form.js'

/** Who is signed in, with which role; and their own password. */
export function AccountPage () {
  const { t } = useTranslation()
  const { api, session } = useApp()
  const user = useUser()
  const [outcome, setOutcome] = useState<{ ok: boolean, message: string }>()
  const form = useForm({
    initialValues: { current_password: '', new_password: '', repeat: '' },
    validate: { repeat: (value, values) => value === values.new_password ? undefined : t('account.mismatch') }
  })
  if (user === undefined) return null

  const submit = form.onSubmit(async ({ current_password: current, new_password: next }) => {
    setOutcome(undefined)
    try {
      await api.changeOwnPassword({ current_password: current, new_password: next })
      // The change ends every session of the user, this one too: sign in again with the new password.
      await session.login(user.username, next)
      form.reset()
      setOutcome({ ok: true, message: t('account.changed') })
    } catch (error) {
      if (!showServerErrors(form, error)) setOutcome({ ok: false, message: problemMessage(error, t) })
    }
  })

  return (
    <Stack maw={480}>
      <Title order={2}>{t('account.title')}</Title>
      <Card withBorder>
        <Text><strong>{t('users.username')}:</strong> {user.username}</Text>
        <Text><strong>{t('users.role')}:</strong> {t(`roles.${user.role}`)}</Text>
      </Card>
      <Title order={3}>{t('account.changePassword')}</Title>
      {outcome !== undefined && <Alert color={outcome.ok ? 'teal' : 'red'} role={outcome.ok ? 'status' : 'alert'}>{outcome.message}</Alert>}
      <form onSubmit={submit} noValidate>
        <Stack>
          <PasswordInput label={t('account.current')} autoComplete="current-password" required {...form.getInputProps('current_password')} />
          <PasswordInput label={t('account.new')} autoComplete="new-password" required description={t('account.rules')} {...form.getInputProps('new_password')} />
          <PasswordInput label={t('account.repeat')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
          <Group><Button type="submit" loading={form.submitting}>{t('account.submit')}</Button></Group>
        </Stack>
      </form>
    </Stack>
  )
}
