import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useLocation, useNavigate } from 'react-router'
import { ApiError } from '../api/problem.js'
import { useApp, useUser } from '../app-context.js'
import { LanguagePicker } from '../components/language-picker.js'
import { problemMessage } from '../components/page-state.js'

export function LoginPage () {
  const { t } = useTranslation()
  const { session } = useApp()
  const user = useUser()
  const navigate = useNavigate()
  const location = useLocation()
  const [failure, setFailure] = useState<string>()
  const form = useForm({ initialValues: { username: '', password: '' } })
  const from = (location.state as { from?: string } | null)?.from ?? '/'

  if (user !== undefined) return <Navigate to={from} replace />

  const submit = form.onSubmit(async (values) => {
    setFailure(undefined)
    try {
      await session.login(values.username, values.password)
      await navigate(from, { replace: true })
    } catch (error) {
      setFailure(error instanceof ApiError && error.status === 401 ? t('login.failed') : problemMessage(error, t))
    }
  })

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2">{t('login.title')}</Title>
              <LanguagePicker />
            </Group>
            {failure !== undefined && <Alert color="red" role="alert">{failure}</Alert>}
            <TextInput label={t('login.username')} autoComplete="username" required autoFocus {...form.getInputProps('username')} />
            <PasswordInput label={t('login.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
            <Button type="submit" loading={form.submitting}>{t('login.submit')}</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  )
}
