import { Button, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { AuditEntry, AuditFieldChange, Client } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { PAGE_SIZE, Table } from '../components/data-table.js'
import { DownloadButton } from '../components/download.js'
import { FormDialog } from '../components/form-dialog.js'
import { notify, notifyRefusal } from '../components/notify.js'
import { ErrorState } from '../components/page-state.js'
import { formatTimestamp } from '../format.js'

/** A changed value as text: absent ones as a dash, anything not a string (a number, a list) as JSON. */
function shown (value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function Changes ({ changes }: { changes: AuditFieldChange[] }) {
  return (
    <Stack gap={2}>
      {changes.map((change) => (
        <Text key={change.field} size="xs">
          <Text span fw={600} size="xs">{change.field}</Text>: {shown(change.from)} → {shown(change.to)}
        </Text>
      ))}
    </Stack>
  )
}

/**
 * The client's history from the audit trail (every record of theirs: the client, notes, trips, travellers,
 * invoices, payments), paged on the server like every list. Admins only, as the API: personal fields are in it.
 */
export function ClientHistorySection ({ clientId }: { clientId: number }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const user = useUser()
  const [page, setPage] = useState(1)
  const allowed = may(user?.role, 'GET', '/audit')
  const entries = useQuery({
    queryKey: ['audit', 'of-client', clientId, page],
    queryFn: () => api.audit.ofClient(clientId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
    enabled: allowed
  })
  // Who made each change by name: admins read the users list anyway, and ids alone say little.
  const users = useQuery({ queryKey: ['users', 'names'], queryFn: () => api.users.list({ limit: 500 }), enabled: allowed })
  if (!allowed) return null
  const actor = (id: number | null) => {
    if (id === null) return t('privacy.system')
    return users.data?.items.find((candidate) => candidate.id === id)?.username ?? `#${id}`
  }
  return (
    <Stack component="section" aria-label={t('privacy.history')}>
      <Group justify="space-between">
        <Title order={3}>{t('privacy.history')}</Title>
        <DownloadButton label={t('privacy.historyCsv')} fetchFile={() => api.audit.ofClientCsv(clientId)} />
      </Group>
      {entries.isError
        ? <ErrorState error={entries.error} />
        : <Table<AuditEntry>
            aria-label={t('privacy.history')}
            records={entries.data?.items ?? []}
            fetching={entries.isFetching}
            totalRecords={entries.data?.total ?? 0}
            recordsPerPage={PAGE_SIZE}
            page={page}
            onPageChange={setPage}
            columns={[
              { accessor: 'at', title: t('privacy.when'), render: (entry) => formatTimestamp(entry.at, i18n.language) },
              { accessor: 'actor_id', title: t('privacy.who'), render: (entry) => actor(entry.actor_id) },
              { accessor: 'entity', title: t('privacy.record'), render: (entry) => `${t(`privacy.kinds.${entry.entity}`, { defaultValue: entry.entity })} ${entry.entity_id}` },
              { accessor: 'action', title: t('privacy.action'), render: (entry) => t(`privacy.actions.${entry.action}`, { defaultValue: entry.action }) },
              { accessor: 'changes', title: t('privacy.changes'), render: (entry) => <Changes changes={entry.changes} /> },
              { accessor: 'reason', title: t('privacy.reason'), render: (entry) => entry.reason ?? '' }
            ]}
          />}
    </Stack>
  )
}

/** The client's rights under the GDPR, for admins: a copy of everything held about them, and to be forgotten. */
export function PersonalDataActions ({ client }: { client: Client }) {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const [erasing, setErasing] = useState(false)
  const exportable = may(user?.role, 'GET', '/clients/:id/personal-data')
  const erasable = may(user?.role, 'POST', '/clients/:id/erase')
  // The document is JSON the API answers, not a download: it is saved as a file here.
  const personalData = async () => ({
    name: `personal-data-client-${client.id}.json`,
    blob: new Blob([JSON.stringify(await api.clients.personalData(client.id), null, 2)], { type: 'application/json' })
  })
  return (
    <>
      {exportable && <DownloadButton label={t('privacy.download')} fetchFile={personalData} />}
      {erasable && <Button color="red" variant="outline" onClick={() => { setErasing(true) }}>{t('privacy.erase')}</Button>}
      {erasing && <EraseDialog client={client} onClose={() => { setErasing(false) }} />}
    </>
  )
}

/**
 * Erasure cannot be undone, so it asks why (kept with the erasure) and for the client's name typed out, and is
 * sent with the version the admin saw: a client changed meanwhile is refused (412) rather than erased unseen.
 */
function EraseDialog ({ client, onClose }: { client: Client, onClose: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const [submitting, setSubmitting] = useState(false)
  const form = useForm({
    initialValues: { reason: '', confirmation: '' },
    validate: {
      reason: (value) => value.trim() === '' ? t('privacy.reasonRequired') : null,
      confirmation: (value) => value.trim() === client.name.trim() ? null : t('privacy.confirmationMismatch')
    }
  })
  const onSubmit = form.onSubmit(async ({ reason }) => {
    setSubmitting(true)
    try {
      await api.clients.erase(client.id, reason.trim(), client.version)
      notify({ color: 'teal', message: t('privacy.erased') })
      onClose()
    } catch (error) {
      notifyRefusal(error)
    } finally {
      setSubmitting(false)
      // Every copy on screen of the client's records changed: the client, its notes, trips and history.
      await Promise.all(['clients', 'notes', 'trips', 'audit'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })))
    }
  })
  return (
    <FormDialog title={t('privacy.eraseTitle', { name: client.name })} onClose={onClose} onSubmit={onSubmit} failure={undefined} submitting={submitting} submitLabel={t('privacy.eraseSubmit')}>
      <Text>{t('privacy.eraseExplained')}</Text>
      <Textarea label={t('privacy.reason')} required autosize minRows={2} maxLength={500} {...form.getInputProps('reason')} />
      <TextInput label={t('privacy.confirmation', { name: client.name })} required autoComplete="off" {...form.getInputProps('confirmation')} />
    </FormDialog>
  )
}
