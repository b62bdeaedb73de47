import { TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQueryClient } from '@tanstack/react-query'
import type { Client } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { TheirVersion, useGuardedEdit } from '../components/version-guard.js'

interface ClientFields extends Record<string, unknown> { name: string, email: string, phone: string, company: string }

function fieldsOf (client?: Client): ClientFields {
  return { name: client?.name ?? '', email: client?.email ?? '', phone: client?.phone ?? '', company: client?.company ?? '' }
}

/** Create a client, or edit one (with If-Match on the version it was opened at). */
export function ClientFormModal ({ client, onClose, onSaved }: { client?: Client, onClose: () => void, onSaved?: (client: Client) => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm<ClientFields>({ initialValues: fieldsOf(client) })
  const guard = useGuardedEdit(form, client, async () => await api.clients.get(client?.id ?? 0), fieldsOf)
  const submit = useApiSubmit(form, async (values) => {
    const changes = guard.changes(values)
    if (client !== undefined && Object.keys(changes).length === 0) return onClose()
    const saved = client === undefined
      ? await api.clients.create({ name: values.name, email: values.email, phone: values.phone, company: values.company === '' ? null : values.company })
      : await api.clients.update(client.id, changes, guard.version)
    await queryClient.invalidateQueries({ queryKey: ['clients'] })
    onSaved?.(saved)
    onClose()
  }, { caught: guard.caught })

  return (
    <FormDialog title={client === undefined ? t('clients.new') : t('clients.edit')} onClose={onClose} {...submit}>
      {guard.notice}
      {guard.theirs !== undefined && <TheirVersion details={[guard.theirs.name, guard.theirs.email, guard.theirs.phone, guard.theirs.company]} />}
      <TextInput label={t('clients.name')} required {...form.getInputProps('name')} />
      <TextInput label={t('clients.email')} type="email" required {...form.getInputProps('email')} />
      <TextInput label={t('clients.phone')} type="tel" required {...form.getInputProps('phone')} />
      <TextInput label={t('clients.company')} {...form.getInputProps('company')} />
    </FormDialog>
  )
}
