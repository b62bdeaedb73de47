import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core'
import { notifyRefusal } from '../components/notify.js'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Note, Trip } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { Table } from '../components/data-table.js'
import { ArchiveButton, ArchivedBadge } from '../components/archive.js'
import { DownloadButton } from '../components/download.js'
import { Day, Money } from '../components/money.js'
import { ErrorState, PageLoader } from '../components/page-state.js'
import { formatTimestamp } from '../format.js'
import { ClientFormModal } from './client-form.js'
import { ClientHistorySection, PersonalDataActions } from './client-privacy.js'
import { ClientStatementSection } from './client-statement.js'
import { InvoiceTable } from './invoice-table.js'
import { TripFormModal } from './trip-form.js'

export function ClientDetailPage () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const user = useUser()
  const navigate = useNavigate()
  const id = Number(useParams()['id'])
  const [editing, setEditing] = useState(false)
  const [addingTrip, setAddingTrip] = useState(false)
  const client = useQuery({ queryKey: ['clients', id], queryFn: () => api.clients.get(id) })
  // The client's page shows every trip of theirs, archived ones too.
  const trips = useQuery({ queryKey: ['trips', 'of-client', id], queryFn: () => api.trips.list({ client_id: id, archived: 'include', limit: 100 }) })
  const invoices = useQuery({ queryKey: ['invoices', 'of-client', id], queryFn: () => api.invoices.list({ client_id: id, limit: 100 }) })

  if (client.isPending) return <PageLoader />
  if (client.isError) return <ErrorState error={client.error} />

  const remove = async () => {
    if (!window.confirm(t('clients.confirmDelete', { name: client.data.name }))) return
    try {
      await api.clients.remove(id)
      await navigate('/clients')
    } catch (error) {
      notifyRefusal(error)
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{client.data.name}</Title>
          <ArchivedBadge archivedAt={client.data.archived_at} />
        </Group>
        <Group>
          <DownloadButton label={t('clients.statementCsv')} fetchFile={() => api.clients.statementCsv(id)} />
          <DownloadButton label={t('clients.statementPdf')} fetchFile={() => api.clients.statementPdf(id, i18n.language)} />
          {may(user?.role, 'PATCH', '/clients/:id') && <Button onClick={() => { setEditing(true) }}>{t('common.edit')}</Button>}
          <ArchiveButton collection="/clients" archivedAt={client.data.archived_at} move={(to) => api.clients.archive(id, to)} />
          {may(user?.role, 'DELETE', '/clients/:id') && <Button color="red" variant="outline" onClick={() => { void remove() }}>{t('common.delete')}</Button>}
          <PersonalDataActions client={client.data} />
        </Group>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <div><Text fw={600}>{t('clients.email')}</Text><Anchor href={`mailto:${client.data.email}`}>{client.data.email}</Anchor></div>
          <div><Text fw={600}>{t('clients.phone')}</Text><Text>{client.data.phone}</Text></div>
          <div><Text fw={600}>{t('clients.company')}</Text><Text>{client.data.company ?? '—'}</Text></div>
        </SimpleGrid>
      </Card>

      <Group justify="space-between">
        <Title order={3}>{t('trips.title')}</Title>
        {may(user?.role, 'POST', '/trips') && client.data.archived_at == null && <Button variant="light" onClick={() => { setAddingTrip(true) }}>{t('trips.new')}</Button>}
      </Group>
      {trips.isError
        ? <ErrorState error={trips.error} />
        : <Table<Trip>
            aria-label={t('trips.title')}
            records={trips.data?.items ?? []}
            fetching={trips.isFetching}
            columns={[
              { accessor: 'destination', title: t('trips.destination'), render: (trip) => <Anchor component={Link} to={`/trips/${trip.id}`}>{trip.destination}</Anchor> },
              { accessor: 'start_date', title: t('trips.startDate'), render: (trip) => <Day day={trip.start_date} /> },
              { accessor: 'end_date', title: t('trips.endDate'), render: (trip) => <Day day={trip.end_date} /> },
              { accessor: 'price', title: t('trips.price'), textAlign: 'right', render: (trip) => <Money amount={trip.price} currency={trip.currency} /> }
            ]}
          />}

      <Title order={3}>{t('invoices.title')}</Title>
      {invoices.isError ? <ErrorState error={invoices.error} /> : <InvoiceTable label={t('invoices.title')} invoices={invoices.data?.items ?? []} fetching={invoices.isFetching} />}

      <ClientStatementSection clientId={id} />

      <Notes clientId={id} />

      <ClientHistorySection clientId={id} />

      {editing && <ClientFormModal client={client.data} onClose={() => { setEditing(false) }} />}
      {addingTrip && <TripFormModal clientId={id} onClose={() => { setAddingTrip(false) }} onSaved={(trip) => { void navigate(`/trips/${trip.id}`) }} />}
    </Stack>
  )
}

/** The agency's notes on a client: anyone reads them, writers add and edit, admins delete. */
function Notes ({ clientId }: { clientId: number }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const user = useUser()
  const queryClient = useQueryClient()
  const notes = useQuery({ queryKey: ['notes', clientId], queryFn: () => api.notes.list(clientId) })
  const [draft, setDraft] = useState('')
  const [editing, setEditing] = useState<{ note: Note, text: string }>()

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action()
      await queryClient.invalidateQueries({ queryKey: ['notes', clientId] })
      return true
    } catch (error) {
      notifyRefusal(error)
      return false
    }
  }

  return (
    <Stack>
      <Title order={3}>{t('notes.title')}</Title>
      {notes.isError && <ErrorState error={notes.error} />}
      {(notes.data?.items ?? []).length === 0 && <Text>{t('common.none')}</Text>}
      {(notes.data?.items ?? []).map((note) => (
        <Card key={note.id} withBorder>
          {editing?.note.id === note.id
            ? (
                <Stack>
                  <Textarea label={t('notes.edit')} value={editing.text} onChange={(event) => { setEditing({ note, text: event.currentTarget.value }) }} autosize />
                  <Group>
                    <Button size="xs" onClick={() => { void act(() => api.notes.update(clientId, note.id, editing.text, note.version)).then((done) => { if (done) setEditing(undefined) }) }}>{t('common.save')}</Button>
                    <Button size="xs" variant="default" onClick={() => { setEditing(undefined) }}>{t('common.cancel')}</Button>
                  </Group>
                </Stack>
              )
            : (
                <>
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{note.note}</Text>
                  <Group justify="space-between" mt="xs">
                    <Text size="xs">{formatTimestamp(note.created_at, i18n.language)}</Text>
                    <Group gap="xs">
                      {may(user?.role, 'PATCH', '/clients/:id/notes/:noteId') && <Button size="xs" variant="subtle" onClick={() => { setEditing({ note, text: note.note }) }}>{t('common.edit')}</Button>}
                      {may(user?.role, 'DELETE', '/clients/:id/notes/:noteId') && <Button size="xs" variant="subtle" color="red" onClick={() => { void act(() => api.notes.remove(clientId, note.id)) }}>{t('common.delete')}</Button>}
                    </Group>
                  </Group>
                </>
              )}
        </Card>
      ))}
      {may(user?.role, 'POST', '/clients/:id/notes') && (
        <Group align="flex-end">
          <Textarea style={{ flex: 1 }} label={t('notes.add')} value={draft} onChange={(event) => { setDraft(event.currentTarget.value) }} autosize />
          <Button disabled={draft.trim() === ''} onClick={() => { void act(() => api.notes.create(clientId, draft)).then((done) => { if (done) setDraft('') }) }}>{t('notes.save')}</Button>
        </Group>
      )}
    </Stack>
  )
}
