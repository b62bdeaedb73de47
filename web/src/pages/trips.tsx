import { Anchor, Button, Group, SegmentedControl, Stack, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { Trip } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { TRIP_STATUSES } from '@travel-crm/contracts/trip-status'
import { Link, useNavigate } from 'react-router'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { ARCHIVED_CHOICES, ArchivedBadge, ArchivedFilter } from '../components/archive.js'
import { TripStatusBadge } from '../components/badges.js'
import { PAGE_SIZE, Table, usePagedRows } from '../components/data-table.js'
import { Day, Money } from '../components/money.js'
import { ErrorState } from '../components/page-state.js'
import { TripFormModal } from './trip-form.js'

export function TripsPage () {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const navigate = useNavigate()
  const [destination, setDestination] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [debounced] = useDebouncedValue(destination.trim(), 250)
  const paging = usePagedRows({ columnAccessor: 'start_date', direction: 'asc' }, ['destination', 'start_date', 'end_date', 'price'])
  const [creating, setCreating] = useState(false)
  // In the address beside the page and sort, so the dashboard can link to it.
  const statusFilter = paging.choice('status', TRIP_STATUSES)
  const status = statusFilter.value
  const archivedFilter = paging.choice('archived', ARCHIVED_CHOICES)
  const archived = archivedFilter.value
  const trips = useQuery({
    queryKey: ['trips', 'list', debounced, from, to, status, archived, paging.page, paging.sort],
    queryFn: () => api.trips.list({ destination: debounced, ...(status === 'all' ? {} : { status }), ...(archived === 'all' ? {} : { archived }), sort: paging.sort, start_date: from || undefined, start_date_to: to || undefined, limit: PAGE_SIZE, offset: paging.offset }),
    placeholderData: keepPreviousData
  })

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('trips.title')}</Title>
        {may(user?.role, 'POST', '/trips') && <Button onClick={() => { setCreating(true) }}>{t('trips.new')}</Button>}
      </Group>
      <Group grow>
        <TextInput type="search" label={t('trips.destination')} value={destination} onChange={(event) => { setDestination(event.currentTarget.value); paging.restart() }} />
        <TextInput type="date" label={t('trips.startsFrom')} value={from} onChange={(event) => { setFrom(event.currentTarget.value); paging.restart() }} />
        <TextInput type="date" label={t('trips.startsTo')} value={to} onChange={(event) => { setTo(event.currentTarget.value); paging.restart() }} />
      </Group>
      <SegmentedControl
        aria-label={t('trips.status')}
        value={status}
        onChange={statusFilter.choose}
        data={[{ value: 'all', label: t('tripStatus.all') }, ...TRIP_STATUSES.map((value) => ({ value, label: t(`tripStatus.${value}`) }))]}
      />
      <ArchivedFilter value={archived} onChange={archivedFilter.choose} />
      {trips.isError
        ? <ErrorState error={trips.error} />
        : <Table<Trip>
            aria-label={t('trips.title')}
            {...paging.tableProps(trips)}
            columns={[
              { accessor: 'destination', title: t('trips.destination'), sortable: true, render: (trip) => <Anchor component={Link} to={`/trips/${trip.id}`}>{trip.destination}</Anchor> },
              { accessor: 'start_date', title: t('trips.startDate'), sortable: true, render: (trip) => <Day day={trip.start_date} /> },
              { accessor: 'end_date', title: t('trips.endDate'), sortable: true, render: (trip) => <Day day={trip.end_date} /> },
              { accessor: 'status', title: t('trips.status'), render: (trip) => <Group gap="xs"><TripStatusBadge status={trip.status} /><ArchivedBadge archivedAt={trip.archived_at} /></Group> },
              { accessor: 'price', title: t('trips.price'), sortable: true, textAlign: 'right', render: (trip) => <Money amount={trip.price} currency={trip.currency} /> }
            ]}
          />}
      {creating && <TripFormModal onClose={() => { setCreating(false) }} onSaved={(trip) => { void navigate(`/trips/${trip.id}`) }} />}
    </Stack>
  )
}
