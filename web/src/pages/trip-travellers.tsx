import { ActionIcon, Alert, Badge, Button, Checkbox, Group, Stack, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Traveller, Trip } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { Table } from '../components/data-table.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { Day } from '../components/money.js'
import { notifyRefusal } from '../components/notify.js'
import { ErrorState } from '../components/page-state.js'
import { TheirVersion, useGuardedEdit } from '../components/version-guard.js'

interface TravellerFields extends Record<string, unknown> {
  first_name: string
  last_name: string
  date_of_birth: string
  nationality: string
  passport_number: string
  passport_expiry: string
  lead: boolean
}

function fieldsOf (traveller?: Traveller): TravellerFields {
  return {
    first_name: traveller?.first_name ?? '',
    last_name: traveller?.last_name ?? '',
    date_of_birth: traveller?.date_of_birth ?? '',
    nationality: traveller?.nationality ?? '',
    passport_number: traveller?.passport_number ?? '',
    passport_expiry: traveller?.passport_expiry ?? '',
    lead: traveller?.lead ?? false
  }
}

/** The fields as the API takes them: an emptied optional field is null, a nationality upper-cased. */
function bodyOf (fields: Partial<TravellerFields>) {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => {
    if (typeof value !== 'string' || key === 'first_name' || key === 'last_name') return [key, value]
    return [key, value.trim() === '' ? null : key === 'nationality' ? value.trim().toUpperCase() : value.trim()]
  }))
}

const nameOf = (traveller: Traveller) => `${traveller.first_name} ${traveller.last_name}`

function TravellerFormModal ({ trip, traveller, onClose }: { trip: Trip, traveller?: Traveller, onClose: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm<TravellerFields>({ initialValues: fieldsOf(traveller) })
  const travellers = api.travellers(trip.id)
  const guard = useGuardedEdit(form, traveller, async () => await travellers.get(traveller?.id ?? 0), fieldsOf)
  const submit = useApiSubmit(form, async (values) => {
    if (traveller === undefined) {
      await travellers.create(bodyOf(values) as Parameters<typeof travellers.create>[0])
    } else {
      const changes = guard.changes(values)
      if (Object.keys(changes).length > 0) await travellers.update(traveller.id, bodyOf(changes), guard.version)
    }
    // The trip's warnings follow its travellers' passports.
    await queryClient.invalidateQueries({ queryKey: ['trips'] })
    onClose()
  }, { caught: guard.caught })
  return (
    <FormDialog title={traveller === undefined ? t('travellers.add') : t('travellers.edit')} onClose={onClose} {...submit}>
      {guard.notice}
      {guard.theirs !== undefined && <TheirVersion details={[nameOf(guard.theirs), guard.theirs.nationality, guard.theirs.passport_expiry]} />}
      <Group grow>
        <TextInput label={t('travellers.firstName')} required {...form.getInputProps('first_name')} />
        <TextInput label={t('travellers.lastName')} required {...form.getInputProps('last_name')} />
      </Group>
      <Group grow>
        <TextInput type="date" label={t('travellers.dateOfBirth')} {...form.getInputProps('date_of_birth')} />
        <TextInput label={t('travellers.nationality')} description={t('travellers.nationalityHint')} maxLength={2} {...form.getInputProps('nationality')} />
      </Group>
      <Group grow>
        <TextInput label={t('travellers.passportNumber')} autoComplete="off" {...form.getInputProps('passport_number')} />
        <TextInput type="date" label={t('travellers.passportExpiry')} {...form.getInputProps('passport_expiry')} />
      </Group>
      <Checkbox label={t('travellers.lead')} {...form.getInputProps('lead', { type: 'checkbox' })} />
    </FormDialog>
  )
}

/**
 * Who travels on a trip. Passport numbers are shown as the API answers them: whole to admins and agents,
 * masked to analysts. A passport that expires too soon is a warning of the trip's, not a refusal.
 */
export function TripTravellers ({ trip }: { trip: Trip }) {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState<Traveller | 'new'>()
  const travellers = useQuery({ queryKey: ['trips', trip.id, 'travellers'], queryFn: () => api.travellers(trip.id).list() })
  const warned = new Set(trip.warnings.filter((warning) => warning.code === 'PASSPORT_EXPIRES_TOO_SOON').map((warning) => warning.traveller_id))
  const rows = travellers.data?.items ?? []

  const remove = async (traveller: Traveller) => {
    if (!window.confirm(t('travellers.confirmRemove', { name: nameOf(traveller) }))) return
    try {
      await api.travellers(trip.id).remove(traveller.id)
    } catch (error) {
      notifyRefusal(error)
    }
    await queryClient.invalidateQueries({ queryKey: ['trips'] })
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('travellers.title')}</Title>
        {may(user?.role, 'POST', '/trips/:id/travellers') && <Button variant="light" onClick={() => { setEditing('new') }}>{t('travellers.add')}</Button>}
      </Group>
      {rows.filter((traveller) => warned.has(traveller.id)).map((traveller) => (
        <Alert key={traveller.id} color="orange" variant="outline" title={t('travellers.passportWarning')} data-testid="passport-warning">
          {t('travellers.passportTooSoon', { name: nameOf(traveller) })}
        </Alert>
      ))}
      {travellers.isError
        ? <ErrorState error={travellers.error} />
        : <Table<Traveller>
            aria-label={t('travellers.title')}
            records={rows}
            fetching={travellers.isFetching}
            columns={[
              {
                accessor: 'last_name',
                title: t('travellers.name'),
                render: (traveller) => <Group gap="xs">{nameOf(traveller)}{traveller.lead && <Badge variant="filled" color="dark">{t('travellers.leadBadge')}</Badge>}</Group>
              },
              { accessor: 'date_of_birth', title: t('travellers.dateOfBirth'), render: (traveller) => traveller.date_of_birth === null ? '—' : <Day day={traveller.date_of_birth} /> },
              { accessor: 'nationality', title: t('travellers.nationality'), render: (traveller) => traveller.nationality ?? '—' },
              { accessor: 'passport_number', title: t('travellers.passportNumber'), render: (traveller) => traveller.passport_number ?? '—' },
              {
                accessor: 'passport_expiry',
                title: t('travellers.passportExpiry'),
                render: (traveller) => traveller.passport_expiry === null ? '—' : (
                  <Group gap="xs"><Day day={traveller.passport_expiry} />{warned.has(traveller.id) && <Badge color="orange" variant="filled" autoContrast>{t('travellers.passportWarning')}</Badge>}</Group>
                )
              },
              {
                accessor: 'actions',
                title: t('common.actions'),
                render: (traveller) => (
                  <Group gap="xs" wrap="nowrap">
                    {may(user?.role, 'PATCH', '/trips/:id/travellers/:travellerId') && <Button size="compact-xs" variant="default" aria-label={t('travellers.editNamed', { name: nameOf(traveller) })} onClick={() => { setEditing(traveller) }}>{t('common.edit')}</Button>}
                    {may(user?.role, 'DELETE', '/trips/:id/travellers/:travellerId') && <ActionIcon color="red" variant="outline" size="sm" aria-label={t('travellers.removeNamed', { name: nameOf(traveller) })} onClick={() => { void remove(traveller) }}>×</ActionIcon>}
                  </Group>
                )
              }
            ]}
          />}
      {editing !== undefined && <TravellerFormModal trip={trip} {...(editing === 'new' ? {} : { traveller: editing })} onClose={() => { setEditing(undefined) }} />}
    </Stack>
  )
}
