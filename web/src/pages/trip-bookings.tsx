import { Badge, Button, Group, Select, Stack, Table as PlainTable, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Booking, Trip } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { BOOKING_STATUSES } from '../crm-lists.js'
import { Table } from '../components/data-table.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { Day, Money } from '../components/money.js'
import { notifyRefusal } from '../components/notify.js'
import { ErrorState } from '../components/page-state.js'
import { TheirVersion, useGuardedEdit } from '../components/version-guard.js'

interface BookingFields extends Record<string, unknown> {
  supplier_id: string
  description: string
  confirmation_ref: string
  start_date: string
  end_date: string
  status: string
  currency: string
  cost: string
  sell_price: string
  commission: string
}

function fieldsOf (booking: Booking | undefined, trip: Trip): BookingFields {
  return {
    supplier_id: booking === undefined ? '' : String(booking.supplier_id),
    description: booking?.description ?? '',
    confirmation_ref: booking?.confirmation_ref ?? '',
    start_date: booking?.start_date ?? trip.start_date,
    end_date: booking?.end_date ?? '',
    status: booking?.status ?? 'pending',
    currency: booking?.currency ?? trip.currency,
    cost: booking?.cost ?? '',
    sell_price: booking?.sell_price ?? '',
    commission: booking?.commission ?? ''
  }
}

/** The fields as the API takes them: money stays a decimal string; an empty commission is the supplier's rate. */
function bodyOf (fields: Partial<BookingFields>) {
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'supplier_id') body[key] = Number(value)
    else if (key === 'confirmation_ref') body[key] = value === '' ? null : value
    // Left empty, these take the service's defaults (the start day, the supplier's rate); they cannot be null.
    else if ((key === 'commission' || key === 'end_date') && value === '') continue
    else body[key] = value
  }
  return body
}

function BookingFormModal ({ trip, booking, onClose }: { trip: Trip, booking?: Booking, onClose: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm<BookingFields>({ initialValues: fieldsOf(booking, trip) })
  const suppliers = useQuery({ queryKey: ['suppliers', 'choice'], queryFn: () => api.suppliers.list({ limit: 500 }) })
  const bookings = api.bookings(trip.id)
  const guard = useGuardedEdit(form, booking, async () => await bookings.get(booking?.id ?? 0), (row) => fieldsOf(row, trip))
  const submit = useApiSubmit(form, async (values) => {
    if (booking === undefined) {
      await bookings.create(bodyOf(values) as Parameters<typeof bookings.create>[0])
    } else {
      const changes = guard.changes(values)
      if (Object.keys(changes).length > 0) await bookings.update(booking.id, bodyOf(changes), guard.version)
    }
    // The trip's totals follow its bookings.
    await queryClient.invalidateQueries({ queryKey: ['trips'] })
    onClose()
  }, { caught: guard.caught })
  return (
    <FormDialog title={booking === undefined ? t('bookings.add') : t('bookings.edit')} onClose={onClose} {...submit}>
      {guard.notice}
      {guard.theirs !== undefined && <TheirVersion details={[guard.theirs.description, guard.theirs.confirmation_ref, guard.theirs.status, guard.theirs.sell_price]} />}
      <Select
        label={t('bookings.supplier')}
        required
        searchable
        data={(suppliers.data?.items ?? []).map((supplier) => ({ value: String(supplier.id), label: `${supplier.name} (${t(`supplierKinds.${supplier.kind}`)})` }))}
        {...form.getInputProps('supplier_id')}
      />
      <TextInput label={t('bookings.description')} required {...form.getInputProps('description')} />
      <Group grow>
        <TextInput type="date" label={t('bookings.startDate')} required {...form.getInputProps('start_date')} />
        <TextInput type="date" label={t('bookings.endDate')} {...form.getInputProps('end_date')} />
      </Group>
      <Group grow>
        <TextInput label={t('bookings.confirmationRef')} {...form.getInputProps('confirmation_ref')} />
        <Select label={t('bookings.status')} data={BOOKING_STATUSES.map((status) => ({ value: status, label: t(`bookingStatus.${status}`) }))} allowDeselect={false} {...form.getInputProps('status')} />
      </Group>
      <Group grow>
        <TextInput label={t('bookings.cost')} inputMode="decimal" required {...form.getInputProps('cost')} />
        <TextInput label={t('bookings.sell')} inputMode="decimal" required {...form.getInputProps('sell_price')} />
      </Group>
      <Group grow>
        <TextInput label={t('bookings.commission')} description={t('bookings.commissionHint')} inputMode="decimal" {...form.getInputProps('commission')} />
        <TextInput label={t('common.currency')} maxLength={3} {...form.getInputProps('currency')} />
      </Group>
    </FormDialog>
  )
}

const STATUS_COLOURS: Record<Booking['status'], string> = { pending: 'yellow', confirmed: 'agencyTeal', cancelled: 'gray' }

/** What was bought for a trip from which supplier, and what the agency earns on it per currency. */
export function TripBookings ({ trip }: { trip: Trip }) {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState<Booking | 'new'>()
  const bookings = useQuery({ queryKey: ['trips', trip.id, 'bookings'], queryFn: () => api.bookings(trip.id).list() })
  const suppliers = useQuery({ queryKey: ['suppliers', 'choice'], queryFn: () => api.suppliers.list({ limit: 500 }) })
  const supplierName = (id: number) => suppliers.data?.items.find((supplier) => supplier.id === id)?.name ?? `#${id}`
  const writes = may(user?.role, 'PATCH', '/trips/:id/bookings/:bookingId')

  const cancel = async (booking: Booking) => {
    if (!window.confirm(t('bookings.confirmCancel', { description: booking.description }))) return
    try {
      await api.bookings(trip.id).update(booking.id, { status: 'cancelled' }, booking.version)
    } catch (error) {
      notifyRefusal(error)
    }
    await queryClient.invalidateQueries({ queryKey: ['trips'] })
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('bookings.title')}</Title>
        {may(user?.role, 'POST', '/trips/:id/bookings') && <Button variant="light" onClick={() => { setEditing('new') }}>{t('bookings.add')}</Button>}
      </Group>
      {bookings.isError
        ? <ErrorState error={bookings.error} />
        : <Table<Booking>
            aria-label={t('bookings.title')}
            records={bookings.data?.items ?? []}
            fetching={bookings.isFetching}
            columns={[
              { accessor: 'description', title: t('bookings.description') },
              { accessor: 'supplier_id', title: t('bookings.supplier'), render: (booking) => `${supplierName(booking.supplier_id)} · ${t(`supplierKinds.${booking.kind}`)}` },
              { accessor: 'start_date', title: t('bookings.startDate'), render: (booking) => <><Day day={booking.start_date} /> – <Day day={booking.end_date} /></> },
              { accessor: 'status', title: t('bookings.status'), noWrap: true, render: (booking) => <Badge color={STATUS_COLOURS[booking.status]} variant="filled" autoContrast>{t(`bookingStatus.${booking.status}`)}</Badge> },
              { accessor: 'cost', title: t('bookings.cost'), textAlign: 'right', render: (booking) => <Money amount={booking.cost} currency={booking.currency} /> },
              { accessor: 'sell_price', title: t('bookings.sell'), textAlign: 'right', render: (booking) => <Money amount={booking.sell_price} currency={booking.currency} /> },
              { accessor: 'commission', title: t('bookings.commission'), textAlign: 'right', render: (booking) => <Money amount={booking.commission} currency={booking.currency} /> },
              {
                accessor: 'actions',
                title: t('common.actions'),
                render: (booking) => writes && (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="compact-xs" variant="default" aria-label={t('bookings.editNamed', { description: booking.description })} onClick={() => { setEditing(booking) }}>{t('common.edit')}</Button>
                    {booking.status !== 'cancelled' && <Button size="compact-xs" color="red" variant="outline" aria-label={t('bookings.cancelNamed', { description: booking.description })} onClick={() => { void cancel(booking) }}>{t('common.cancel')}</Button>}
                  </Group>
                )
              }
            ]}
          />}
      {trip.totals.length > 0 && (
        <PlainTable aria-label={t('bookings.totals')} withTableBorder maw={720}>
          <PlainTable.Thead>
            <PlainTable.Tr>
              <PlainTable.Th>{t('common.currency')}</PlainTable.Th>
              <PlainTable.Th ta="right">{t('bookings.sell')}</PlainTable.Th>
              <PlainTable.Th ta="right">{t('bookings.cost')}</PlainTable.Th>
              <PlainTable.Th ta="right">{t('bookings.commission')}</PlainTable.Th>
              <PlainTable.Th ta="right">{t('bookings.margin')}</PlainTable.Th>
            </PlainTable.Tr>
          </PlainTable.Thead>
          <PlainTable.Tbody>
            {trip.totals.map((total) => (
              <PlainTable.Tr key={total.currency}>
                <PlainTable.Td>{total.currency}</PlainTable.Td>
                <PlainTable.Td ta="right"><Money amount={total.sell} currency={total.currency} /></PlainTable.Td>
                <PlainTable.Td ta="right"><Money amount={total.cost} currency={total.currency} /></PlainTable.Td>
                <PlainTable.Td ta="right"><Money amount={total.commission} currency={total.currency} /></PlainTable.Td>
                <PlainTable.Td ta="right" fw={700}><Money amount={total.margin} currency={total.currency} /></PlainTable.Td>
              </PlainTable.Tr>
            ))}
          </PlainTable.Tbody>
        </PlainTable>
      )}
      {editing !== undefined && <BookingFormModal trip={trip} {...(editing === 'new' ? {} : { booking: editing })} onClose={() => { setEditing(undefined) }} />}
    </Stack>
  )
}
