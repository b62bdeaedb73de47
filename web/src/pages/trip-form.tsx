import { Group, Select, Textarea, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Trip } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { TheirVersion, useGuardedEdit } from '../components/version-guard.js'

interface TripFields extends Record<string, unknown> {
  client_id: string
  destination: string
  start_date: string
  end_date: string
  price: string
  currency: string
  notes: string
}

function fieldsOf (trip?: Trip, clientId?: number): TripFields {
  return {
    client_id: String(trip?.client_id ?? clientId ?? ''),
    destination: trip?.destination ?? '',
    start_date: trip?.start_date ?? '',
    end_date: trip?.end_date ?? '',
    price: trip?.price ?? '',
    currency: trip?.currency ?? 'EUR',
    notes: trip?.notes ?? ''
  }
}

/** The trip's fields as the API takes them: money stays a decimal string, the client an id. */
function bodyOf (fields: Partial<TripFields>) {
  const { client_id: clientId, notes, ...rest } = fields
  return {
    ...rest,
    ...(clientId === undefined ? {} : { client_id: Number(clientId) }),
    ...(notes === undefined ? {} : { notes: notes === '' ? null : notes })
  }
}

/** Create a trip (for a client, or choosing one), or edit one with If-Match. */
export function TripFormModal ({ trip, clientId, onClose, onSaved }: { trip?: Trip, clientId?: number, onClose: () => void, onSaved?: (trip: Trip) => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm<TripFields>({ initialValues: fieldsOf(trip, clientId) })
  const guard = useGuardedEdit(form, trip, async () => await api.trips.get(trip?.id ?? 0), (row) => fieldsOf(row, clientId))
  const [clientSearch, setClientSearch] = useState('')
  const clients = useQuery({
    queryKey: ['clients', 'choice', clientSearch],
    queryFn: () => api.clients.list({ name: clientSearch, limit: 20 }),
    enabled: clientId === undefined
  })

  const submit = useApiSubmit(form, async (values) => {
    const changes = guard.changes(values)
    if (trip !== undefined && Object.keys(changes).length === 0) return onClose()
    const saved = trip === undefined
      ? await api.trips.create(bodyOf(values) as Parameters<typeof api.trips.create>[0])
      : await api.trips.update(trip.id, bodyOf(changes), guard.version)
    await queryClient.invalidateQueries({ queryKey: ['trips'] })
    await queryClient.invalidateQueries({ queryKey: ['statement'] })
    onSaved?.(saved)
    onClose()
  }, { caught: guard.caught })

  return (
    <FormDialog title={trip === undefined ? t('trips.new') : t('trips.edit')} onClose={onClose} {...submit}>
      {guard.notice}
      {guard.theirs !== undefined && <TheirVersion details={[guard.theirs.destination, guard.theirs.start_date, guard.theirs.end_date, guard.theirs.price]} />}
      {clientId === undefined && trip === undefined && (
        <Select
          label={t('trips.client')}
          required
          searchable
          onSearchChange={setClientSearch}
          data={(clients.data?.items ?? []).map((client) => ({ value: String(client.id), label: `${client.name} (${client.email})` }))}
          {...form.getInputProps('client_id')}
        />
      )}
      <TextInput label={t('trips.destination')} required {...form.getInputProps('destination')} />
      <Group grow>
        <TextInput type="date" label={t('trips.startDate')} required {...form.getInputProps('start_date')} />
        <TextInput type="date" label={t('trips.endDate')} required {...form.getInputProps('end_date')} />
      </Group>
      <Group grow>
        <TextInput label={t('trips.price')} inputMode="decimal" required {...form.getInputProps('price')} />
        <TextInput label={t('common.currency')} maxLength={3} {...form.getInputProps('currency')} />
      </Group>
      <Textarea label={t('trips.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
    </FormDialog>
  )
}
