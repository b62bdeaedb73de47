import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { Day, Money } from '../components/money.js'
import { ErrorState, PageLoader } from '../components/page-state.js'
import { InvoiceFormModal } from './invoice-form.js'
import { InvoiceTable } from './invoice-table.js'
import { TripFormModal } from './trip-form.js'

export function TripDetailPage () {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const navigate = useNavigate()
  const id = Number(useParams()['id'])
  const [editing, setEditing] = useState(false)
  const [invoicing, setInvoicing] = useState(false)
  const trip = useQuery({ queryKey: ['trips', id], queryFn: () => api.trips.get(id) })
  const client = useQuery({ queryKey: ['clients', trip.data?.client_id], queryFn: () => api.clients.get(trip.data?.client_id ?? 0), enabled: trip.data !== undefined })
  const invoices = useQuery({ queryKey: ['invoices', 'of-trip', id], queryFn: () => api.invoices.list({ trip_id: id, limit: 100 }) })

  if (trip.isPending) return <PageLoader />
  if (trip.isError) return <ErrorState error={trip.error} />

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('trips.heading', { destination: trip.data.destination })}</Title>
        <Group>
          {may(user?.role, 'PATCH', '/trips/:id') && <Button onClick={() => { setEditing(true) }}>{t('common.edit')}</Button>}
          {may(user?.role, 'POST', '/invoices') && <Button variant="light" onClick={() => { setInvoicing(true) }}>{t('invoices.new')}</Button>}
        </Group>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <div><Text fw={600}>{t('trips.client')}</Text>{client.data !== undefined ? <Anchor component={Link} to={`/clients/${client.data.id}`}>{client.data.name}</Anchor> : <Text>…</Text>}</div>
          <div><Text fw={600}>{t('trips.dates')}</Text><Text><Day day={trip.data.start_date} /> – <Day day={trip.data.end_date} /></Text></div>
          <div><Text fw={600}>{t('trips.price')}</Text><Text><Money amount={trip.data.price} currency={trip.data.currency} /></Text></div>
          <div><Text fw={600}>{t('trips.notes')}</Text><Text>{trip.data.notes ?? '—'}</Text></div>
        </SimpleGrid>
      </Card>
      <Title order={3}>{t('invoices.title')}</Title>
      {invoices.isError ? <ErrorState error={invoices.error} /> : <InvoiceTable label={t('invoices.title')} invoices={invoices.data?.items ?? []} fetching={invoices.isFetching} />}
      {editing && <TripFormModal trip={trip.data} onClose={() => { setEditing(false) }} />}
      {invoicing && <InvoiceFormModal trip={trip.data} onClose={() => { setInvoicing(false) }} onSaved={(invoice) => { void navigate(`/invoices/${invoice.id}`) }} />}
    </Stack>
  )
}
