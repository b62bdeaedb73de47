import { Alert, Button, Card, Code, Group, SimpleGrid, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { DeliveryAttempt, ReplayQueued, Webhook } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { useApi } from '../app-context.js'
import { PAGE_SIZE, Table } from '../components/data-table.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { notify, notifyRefusal } from '../components/notify.js'
import { ErrorState, PageLoader, problemMessage } from '../components/page-state.js'
import { changedFields } from '../components/server-form.js'
import { TheirVersion, useVersionGuard } from '../components/version-guard.js'
import { formatTimestamp } from '../format.js'
import { SecretOnce } from './webhook-secret.js'
import { EndpointState, EVENT_SUGGESTIONS, placeWebhookRefusal } from './webhooks.js'

/** Deliveries change without an event to say so (attempts are not published): the list looks again this often. */
const DELIVERIES_REFRESH_MS = 3000

/** One webhook endpoint: its settings, its secret, a test ping, its deliveries and replay. */
export function WebhookDetailPage () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const id = Number(useParams()['id'])
  const [editing, setEditing] = useState(false)
  const [secret, setSecret] = useState<{ value: string, until: string }>()
  const endpoint = useQuery({ queryKey: ['webhooks', id], queryFn: () => api.webhooks.get(id) })

  if (endpoint.isPending) return <PageLoader />
  if (endpoint.isError) return <ErrorState error={endpoint.error} />
  const current = endpoint.data

  const act = async (action: () => Promise<unknown>, done: string) => {
    try {
      await action()
      notify({ color: 'teal', message: done })
    } catch (error) {
      notifyRefusal(error, { autoClose: 10_000 })
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] })
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('webhooks.endpointTitle', { id })}</Title>
        <Group>
          <Button variant="default" onClick={() => { setEditing(true) }}>{t('common.edit')}</Button>
          <Button
            variant="default"
            onClick={() => { void act(() => api.webhooks.update(id, { enabled: !current.enabled }, current.version), t(current.enabled ? 'webhooks.disabledDone' : 'webhooks.enabledDone')) }}
          >
            {current.enabled ? t('webhooks.disable') : t('webhooks.enable')}
          </Button>
          <Button variant="default" onClick={() => { void act(() => api.webhooks.ping(id), t('webhooks.pingSent')) }}>{t('webhooks.ping')}</Button>
          <Button
            variant="default"
            onClick={() => {
              if (!window.confirm(t('webhooks.confirmRotate'))) return
              void act(async () => { const rotated = await api.webhooks.rotateSecret(id); setSecret({ value: rotated.secret, until: rotated.previous_secret_expires_at }) }, t('webhooks.rotated'))
            }}
          >
            {t('webhooks.rotate')}
          </Button>
          <Button
            color="red"
            variant="outline"
            onClick={() => {
              if (!window.confirm(t('webhooks.confirmDelete', { url: current.url }))) return
              void act(async () => { await api.webhooks.remove(id); await navigate('/admin/webhooks') }, t('webhooks.deleted'))
            }}
          >
            {t('common.delete')}
          </Button>
        </Group>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <div><Text fw={600}>{t('webhooks.url')}</Text><Code>{current.url}</Code></div>
          <div><Text fw={600}>{t('webhooks.state')}</Text><EndpointState endpoint={current} />{current.disabled_reason !== null && <Text size="sm">{current.disabled_reason}</Text>}</div>
          <div><Text fw={600}>{t('webhooks.events')}</Text><Text>{current.events.join(', ')}</Text></div>
          <div><Text fw={600}>{t('webhooks.description')}</Text><Text>{current.description ?? '—'}</Text></div>
          {current.failing_since !== null && <div><Text fw={600}>{t('webhooks.failingSince')}</Text><Text>{formatTimestamp(current.failing_since, i18n.language)}</Text></div>}
        </SimpleGrid>
      </Card>
      <Deliveries endpointId={id} />
      <Replay endpointId={id} />
      {editing && <EditWebhookModal endpoint={current} onClose={() => { setEditing(false) }} />}
      {secret !== undefined && (
        <SecretOnce
          title={t('webhooks.rotatedTitle')}
          secret={secret.value}
          note={t('webhooks.overlap', { until: formatTimestamp(secret.until, i18n.language) })}
          onClose={() => { setSecret(undefined) }}
        />
      )}
    </Stack>
  )
}

function Deliveries ({ endpointId }: { endpointId: number }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const [page, setPage] = useState(1)
  const attempts = useQuery({
    queryKey: ['webhooks', endpointId, 'deliveries', page],
    queryFn: () => api.webhooks.deliveries(endpointId, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData,
    refetchInterval: DELIVERIES_REFRESH_MS
  })
  const timestamp = (value: string | null) => value === null ? '' : formatTimestamp(value, i18n.language)
  return (
    <Stack component="section" aria-label={t('webhooks.deliveries')}>
      <Title order={3}>{t('webhooks.deliveries')}</Title>
      {attempts.isError
        ? <ErrorState error={attempts.error} />
        : <Table<DeliveryAttempt>
            aria-label={t('webhooks.deliveries')}
            records={attempts.data?.items ?? []}
            totalRecords={attempts.data?.total ?? 0}
            recordsPerPage={PAGE_SIZE}
            page={page}
            onPageChange={setPage}
            columns={[
              { accessor: 'attempted_at', title: t('webhooks.attemptedAt'), render: (attempt) => timestamp(attempt.attempted_at) },
              { accessor: 'event_type', title: t('webhooks.event') },
              { accessor: 'attempt', title: t('webhooks.attempt'), textAlign: 'right' },
              { accessor: 'outcome', title: t('webhooks.outcome'), render: (attempt) => t(`webhooks.outcomes.${attempt.outcome}`) },
              { accessor: 'status_code', title: t('webhooks.status'), render: (attempt) => attempt.status_code ?? attempt.error ?? '' },
              { accessor: 'duration_ms', title: t('webhooks.duration'), textAlign: 'right', render: (attempt) => t('webhooks.milliseconds', { count: attempt.duration_ms }) },
              { accessor: 'response_body', title: t('webhooks.response'), render: (attempt) => <Text size="xs" ff="monospace" lineClamp={2}>{attempt.response_body ?? ''}</Text> },
              { accessor: 'next_retry_at', title: t('webhooks.nextRetry'), render: (attempt) => timestamp(attempt.next_retry_at) }
            ]}
          />}
    </Stack>
  )
}

/** Replay since a time: a page at a time, as the service queues at most its limit per request. */
function Replay ({ endpointId }: { endpointId: number }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const [since, setSince] = useState('')
  const [result, setResult] = useState<ReplayQueued>()
  const [failure, setFailure] = useState<string>()
  const replay = async (from: string | number) => {
    setFailure(undefined)
    try {
      setResult(await api.webhooks.replay(endpointId, from))
      await queryClient.invalidateQueries({ queryKey: ['webhooks', endpointId, 'deliveries'] })
    } catch (error) {
      setFailure(problemMessage(error, t))
    }
  }
  return (
    <Stack component="section" aria-label={t('webhooks.replay')}>
      <Title order={3}>{t('webhooks.replay')}</Title>
      <Text size="sm">{t('webhooks.replayHint')}</Text>
      <Group align="flex-end">
        <TextInput type="datetime-local" label={t('webhooks.since')} value={since} onChange={(event) => { setSince(event.currentTarget.value) }} />
        <Button disabled={since === ''} onClick={() => { void replay(new Date(since).toISOString()) }}>{t('webhooks.replaySend')}</Button>
      </Group>
      {failure !== undefined && <Alert color="red" role="alert">{failure}</Alert>}
      {result !== undefined && (
        <Alert color="teal" role="status">
          <Text size="sm">{t('webhooks.replayed', { count: result.deliveries })}</Text>
          {result.next_sequence !== null && (
            <Group mt="xs">
              <Text size="sm">{t('webhooks.replayMore', { sequence: result.next_sequence })}</Text>
              <Button size="xs" variant="white" color="dark" onClick={() => { if (result.next_sequence !== null) void replay(result.next_sequence) }}>{t('webhooks.replayNext')}</Button>
            </Group>
          )}
        </Alert>
      )}
    </Stack>
  )
}

function EditWebhookModal ({ endpoint, onClose }: { endpoint: Webhook, onClose: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const valuesOf = (record: Webhook) => ({ url: record.url, events: record.events, description: record.description ?? '' })
  const [baseline, setBaseline] = useState(valuesOf(endpoint))
  const form = useForm({ initialValues: valuesOf(endpoint) })
  const guard = useVersionGuard(endpoint, () => api.webhooks.get(endpoint.id), (theirs) => {
    const next = valuesOf(theirs)
    const typed = form.getValues()
    for (const key of ['url', 'description', 'events'] as const) {
      if (JSON.stringify(typed[key]) === JSON.stringify(baseline[key])) form.setFieldValue(key, next[key] as never)
    }
    setBaseline(next)
  })
  const submit = useApiSubmit(form, async (values) => {
    const changes = changedFields({ url: values.url.trim(), description: values.description.trim() }, { url: baseline.url, description: baseline.description })
    const events = JSON.stringify(values.events) === JSON.stringify(baseline.events) ? {} : { events: values.events }
    const patch = { ...changes, ...('description' in changes ? { description: changes.description === '' ? null : changes.description } : {}), ...events }
    if (Object.keys(patch).length > 0) await api.webhooks.update(endpoint.id, patch, guard.version)
    await queryClient.invalidateQueries({ queryKey: ['webhooks'] })
    onClose()
  }, { caught: (error) => guard.caught(error) || placeWebhookRefusal(form, error) })
  return (
    <FormDialog title={t('webhooks.edit')} onClose={onClose} {...submit}>
      {guard.notice}
      {guard.theirs !== undefined && <TheirVersion details={[guard.theirs.url, guard.theirs.events.join(', '), guard.theirs.description]} />}
      <TextInput label={t('webhooks.url')} required type="url" {...form.getInputProps('url')} />
      <TagsInput label={t('webhooks.events')} description={t('webhooks.eventsHint')} data={EVENT_SUGGESTIONS} required {...form.getInputProps('events')} />
      <TextInput label={t('webhooks.description')} {...form.getInputProps('description')} />
    </FormDialog>
  )
}
