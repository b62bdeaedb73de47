import { Anchor, Button, Group, Stack, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { Client } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { ARCHIVED_CHOICES, ArchivedBadge, ArchivedFilter } from '../components/archive.js'
import { DownloadButton } from '../components/download.js'
import { ErrorState } from '../components/page-state.js'
import { PAGE_SIZE, Table, usePagedRows } from '../components/data-table.js'
import { formatTimestamp } from '../format.js'
import { ClientFormModal } from './client-form.js'

export function ClientsPage () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const user = useUser()
  const navigate = useNavigate()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search.trim(), 250)
  const paging = usePagedRows({ columnAccessor: 'name', direction: 'asc' }, ['name', 'email', 'phone', 'company', 'created_at'])
  const [creating, setCreating] = useState(false)
  const archivedFilter = paging.choice('archived', ARCHIVED_CHOICES)
  const archived = archivedFilter.value
  const clients = useQuery({
    queryKey: ['clients', 'list', debounced, archived, paging.page, paging.sort],
    queryFn: () => api.clients.list({ name: debounced, ...(archived === 'all' ? {} : { archived }), sort: paging.sort, limit: PAGE_SIZE, offset: paging.offset }),
    placeholderData: keepPreviousData
  })

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('clients.title')}</Title>
        <Group>
          {may(user?.role, 'GET', '/clients/export') && <DownloadButton label={t('common.csv')} fetchFile={() => api.clients.allCsv()} />}
          {may(user?.role, 'POST', '/clients') && <Button onClick={() => { setCreating(true) }}>{t('clients.new')}</Button>}
        </Group>
      </Group>
      <TextInput
        type="search"
        label={t('clients.search')}
        placeholder={t('clients.searchHint')}
        value={search}
        onChange={(event) => { setSearch(event.currentTarget.value); paging.restart() }}
      />
      <ArchivedFilter value={archived} onChange={archivedFilter.choose} />
      {clients.isError
        ? <ErrorState error={clients.error} />
        : (
            <Table<Client>
              aria-label={t('clients.title')}
              {...paging.tableProps(clients)}
              columns={[
                { accessor: 'name', title: t('clients.name'), sortable: true, render: (client) => <Group gap="xs"><Anchor component={Link} to={`/clients/${client.id}`}>{client.name}</Anchor><ArchivedBadge archivedAt={client.archived_at} /></Group> },
                { accessor: 'email', title: t('clients.email'), sortable: true },
                { accessor: 'phone', title: t('clients.phone'), sortable: true },
                { accessor: 'company', title: t('clients.company'), sortable: true },
                { accessor: 'created_at', title: t('common.added'), sortable: true, render: (client) => formatTimestamp(client.created_at, i18n.language) }
              ]}
            />
          )}
      {creating && <ClientFormModal onClose={() => { setCreating(false) }} onSaved={(client) => { void navigate(`/clients/${client.id}`) }} />}
    </Stack>
  )
}
