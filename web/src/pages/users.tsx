import { Button, Group, NativeSelect, PasswordInput, Stack, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { notify, notifyRefusal } from '../components/notify.js'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Role, User } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi, useUser } from '../app-context.js'
import { PAGE_SIZE, Table, usePagedRows } from '../components/data-table.js'
import { ErrorState } from '../components/page-state.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { formatTimestamp } from '../format.js'

const ROLES: readonly Role[] = ['admin', 'agent', 'analyst']

/** The admin panel: every account, its role and whether it may sign in. */
export function UsersPage () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const me = useUser()
  const queryClient = useQueryClient()
  const paging = usePagedRows({ columnAccessor: 'username', direction: 'asc' }, ['username', 'role', 'created_at'])
  const [creating, setCreating] = useState(false)
  const users = useQuery({
    queryKey: ['users', paging.page, paging.sort],
    queryFn: () => api.users.list({ sort: paging.sort, limit: PAGE_SIZE, offset: paging.offset }),
    placeholderData: keepPreviousData
  })

  const act = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action()
      notify({ color: 'teal', message: done })
    } catch (error) {
      notifyRefusal(error, { autoClose: 10_000 })
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['users'] })
    }
  }

  if (users.isError) return <ErrorState error={users.error} />

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        <Button onClick={() => { setCreating(true) }}>{t('users.new')}</Button>
      </Group>
      <Table<User>
        aria-label={t('users.title')}
        {...paging.tableProps(users)}
        columns={[
          { accessor: 'username', title: t('users.username'), sortable: true },
          {
            accessor: 'role',
            title: t('users.role'),
            sortable: true,
            render: (user) => (
              <NativeSelect
                aria-label={t('users.roleOf', { username: user.username })}
                size="xs"
                value={user.role}
                data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
                onChange={(event) => {
                  const role = event.currentTarget.value as Role
                  void act(() => api.users.update(user.id, { role }, user.version), t('users.roleChanged', { username: user.username, role: t(`roles.${role}`) }))
                }}
              />
            )
          },
          { accessor: 'disabled', title: t('users.state'), render: (user) => user.disabled ? t('users.disabled') : t('users.active') },
          { accessor: 'created_at', title: t('users.created'), sortable: true, render: (user) => formatTimestamp(user.created_at, i18n.language) },
          {
            accessor: 'actions',
            title: t('common.actions'),
            render: (user) => (
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="xs"
                  variant="default"
                  aria-label={t(user.disabled ? 'users.enableNamed' : 'users.disableNamed', { username: user.username })}
                  onClick={() => { void act(() => api.users.update(user.id, { disabled: !user.disabled }, user.version), t(user.disabled ? 'users.enabled' : 'users.disabledDone', { username: user.username })) }}
                >
                  {user.disabled ? t('users.enable') : t('users.disable')}
                </Button>
                <Button
                  size="xs"
                  color="red"
                  variant="outline"
                  aria-label={t('users.deleteNamed', { username: user.username })}
                  disabled={user.id === me?.user_id}
                  onClick={() => {
                    if (window.confirm(t('users.confirmDelete', { username: user.username }))) void act(() => api.users.remove(user.id), t('users.deleted', { username: user.username }))
                  }}
                >
                  {t('common.delete')}
                </Button>
              </Group>
            )
          }
        ]}
      />
      {creating && <NewUserModal onClose={() => { setCreating(false) }} />}
    </Stack>
  )
}

function NewUserModal ({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm({ initialValues: { username: '', password: '', role: 'agent' as Role } })
  const submit = useApiSubmit(form, async (values) => {
    await api.users.create(values)
    await queryClient.invalidateQueries({ queryKey: ['users'] })
    onClose()
  })
  return (
    <FormDialog title={t('users.new')} onClose={onClose} {...submit}>
      <TextInput label={t('users.username')} required autoComplete="off" {...form.getInputProps('username')} />
      <PasswordInput label={t('users.password')} required autoComplete="new-password" {...form.getInputProps('password')} />
      <NativeSelect label={t('users.role')} data={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} {...form.getInputProps('role')} />
    </FormDialog>
  )
}
