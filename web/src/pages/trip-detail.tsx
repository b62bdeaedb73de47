import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { TRIP_STATUS_MOVES, type TripStatus } from '@travel-crm/contracts/trip-status'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { ArchiveButton, ArchivedBadge } from '../components/archive.js'
import { TripStatusBadge } from '../components/badges.js'
import { Day, Money } from '../components/money.js'
import { notify, notifyRefusal } from '../components/notify.js'
import { ErrorState, PageLoader } from '../components/page-state.js'
import { InvoiceFormModal } from './invoice-form.js'
import { InvoiceTable } from './invoice-table.js'
import { TripBookings } from './trip-bookings.js'
import { TripFormModal } from './trip-form.js'
import { TripTravellers } from './trip-travellers.js'

export function TripDetailPage () {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [moving, setMoving] = useState<TripStatus>()
  const id = Number(useParams()['id'])
  const [editing, setEditing] = useState(false)
  const [invoicing, setInvoicing] = useState(false)
  const trip = useQuery({ queryKey: ['trips', id], queryFn: () => api.trips.get(id) })
  const client = useQuery({ queryKey: ['clients', trip.data?.client_id], queryFn: () => api.clients.get(trip.data?.client_id ?? 0), enabled: trip.data !== undefined })
  const invoices = useQuery({ queryKey: ['invoices', 'of-trip', id], queryFn: () => api.invoices.list({ trip_id: id, limit: 100 }) })

  if (trip.isPending) return <PageLoader />
  if (trip.isError) return <ErrorState error={trip.error} />

  const move = async (status: TripStatus) => {
    setMoving(status)
    try {
      await api.trips.move(id, status)
      notify({ color: 'teal', message: t('trips.moved', { status: t(`tripStatus.${status}`) }) })
    } catch (error) {
      notifyRefusal(error)
    } finally {
      setMoving(undefined)
      // After a refusal too: the trip has moved elsewhere, and the moves offered follow where it is now.
      await queryClient.invalidateQueries({ queryKey: ['trips'] })
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{t('trips.heading', { destination: trip.data.destination })}</Title>
          <TripStatusBadge status={trip.data.status} testId="trip-status" />
          <ArchivedBadge archivedAt={trip.data.archived_at} />
        </Group>
        <Group>
          <ArchiveButton collection="/trips" archivedAt={trip.data.archived_at} move={(to) => api.trips.archive(id, to)} />
          {may(user?.role, 'PATCH', '/trips/:id') && <Button onClick={() => { setEditing(true) }}>{t('common.edit')}</Button>}
          {may(user?.role, 'POST', '/invoices') && trip.data.archived_at == null && <Button variant="light" onClick={() => { setInvoicing(true) }}>{t('invoices.new')}</Button>}
        </Group>
      </Group>
      {may(user?.role, 'PATCH', '/trips/:id') && TRIP_STATUS_MOVES[trip.data.status].length > 0 && (
        <Group role="group" aria-label={t('trips.moves')} gap="xs">
          {TRIP_STATUS_MOVES[trip.data.status].map((status) => (
            <Button key={status} size="xs" variant={status === 'cancelled' ? 'outline' : 'light'} color={status === 'cancelled' ? 'red' : undefined} loading={moving === status} disabled={moving !== undefined} onClick={() => { void move(status) }}>
              {t('trips.moveTo', { status: t(`tripStatus.${status}`) })}
            </Button>
          ))}
        </Group>
      )}
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <div><Text fw={600}>{t('trips.client')}</Text>{client.data !== undefined ? <Anchor component={Link} to={`/clients/${client.data.id}`}>{client.data.name}</Anchor> : <Text>…</Text>}</div>
          <div><Text fw={600}>{t('trips.dates')}</Text><Text><Day day={trip.data.start_date} /> – <Day day={trip.data.end_date} /></Text></div>
          <div><Text fw={600}>{t('trips.price')}</Text><Text><Money amount={trip.data.price} currency={trip.data.currency} /></Text></div>
          <div><Text fw={600}>{t('trips.notes')}</Text><Text>{trip.data.notes ?? '—'}</Text></div>
        </SimpleGrid>
      </Card>
      <TripTravellers trip={trip.data} />
      <TripBookings trip={trip.data} />
      <Title order={3}>{t('invoices.title')}</Title>
      {invoices.isError ? <ErrorState error={invoices.error} /> : <InvoiceTable label={t('invoices.title')} invoices={invoices.data?.items ?? []} fetching={invoices.isFetching} />}
      {editing && <TripFormModal trip={trip.data} onClose={() => { setEditing(false) }} />}
      {invoicing && <InvoiceFormModal trip={trip.data} onClose={() => { setInvoicing(false) }} onSaved={(invoice) => { void navigate(`/invoices/${invoice.id}`) }} />}
    </Stack>
  )
}
