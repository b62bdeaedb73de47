import { Anchor, Badge, Button, Group, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core'
import { useForm, type UseFormReturnType } from '@mantine/form'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Webhook, WebhookCreated } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { ApiError } from '../api/problem.js'
import { useApi } from '../app-context.js'
import { PAGE_SIZE, Table } from '../components/data-table.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { ErrorState } from '../components/page-state.js'
import { SecretOnce } from './webhook-secret.js'

/** Patterns integrators ask for most; any other pattern can be typed. */
export const EVENT_SUGGESTIONS = ['billing.payment.recorded', 'billing.payment.*', 'billing.invoice.*', 'billing.>', 'crm.client.*', 'crm.trip.*', '>']

/** The admin panel's webhook endpoints: where the agency's events are sent, and whether they still go. */
export function WebhooksPage () {
  const { t } = useTranslation()
  const api = useApi()
  const navigate = useNavigate()
  const [page, setPage] = useState(1)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<WebhookCreated>()
  const endpoints = useQuery({
    queryKey: ['webhooks', 'list', page],
    queryFn: () => api.webhooks.list({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData
  })
  if (endpoints.isError) return <ErrorState error={endpoints.error} />
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('webhooks.title')}</Title>
        <Button onClick={() => { setCreating(true) }}>{t('webhooks.new')}</Button>
      </Group>
      <Text size="sm">{t('webhooks.intro')}</Text>
      <Table<Webhook>
        aria-label={t('webhooks.title')}
        records={endpoints.data?.items ?? []}
        fetching={endpoints.isFetching}
        totalRecords={endpoints.data?.total ?? 0}
        recordsPerPage={PAGE_SIZE}
        page={page}
        onPageChange={setPage}
        columns={[
          { accessor: 'url', title: t('webhooks.url'), render: (endpoint) => <Anchor component={Link} to={`/admin/webhooks/${endpoint.id}`}>{endpoint.url}</Anchor> },
          { accessor: 'events', title: t('webhooks.events'), render: (endpoint) => endpoint.events.join(', ') },
          { accessor: 'description', title: t('webhooks.description'), render: (endpoint) => endpoint.description ?? '' },
          { accessor: 'enabled', title: t('webhooks.state'), render: (endpoint) => <EndpointState endpoint={endpoint} /> }
        ]}
      />
      {creating && <NewWebhookModal onClose={() => { setCreating(false) }} onCreated={(endpoint) => { setCreating(false); setCreated(endpoint) }} />}
      {created !== undefined && (
        <SecretOnce
          title={t('webhooks.createdTitle')}
          secret={created.secret}
          onClose={() => { const id = created.id; setCreated(undefined); void navigate(`/admin/webhooks/${id}`) }}
        />
      )}
    </Stack>
  )
}

export function EndpointState ({ endpoint }: { endpoint: Webhook }) {
  const { t } = useTranslation()
  // Filled in the darkest shades, as the invoice statuses: the light variant's text is below AA contrast.
  return endpoint.enabled
    ? <Badge color="agencyTeal" variant="filled" autoContrast>{t('webhooks.enabled')}</Badge>
    : <Badge color="red" variant="filled" autoContrast title={endpoint.disabled_reason ?? undefined}>{t('webhooks.disabled')}</Badge>
}

/**
 * The service's refusals of an endpoint, at the field they concern: a URL it will not send to (not HTTPS, a
 * private address) and patterns that match no event. True when the error was one of them.
 */
export function placeWebhookRefusal (form: UseFormReturnType<{ url: string, events: string[], description: string }>, error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  const field = error.code === 'WEBHOOKS_URL_REFUSED' ? 'url' : error.code === 'WEBHOOKS_UNKNOWN_EVENTS' ? 'events' : undefined
  if (field !== undefined) form.setFieldError(field, error.message)
  return field !== undefined
}

function NewWebhookModal ({ onClose, onCreated }: { onClose: () => void, onCreated: (endpoint: WebhookCreated) => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm({ initialValues: { url: '', events: ['billing.payment.recorded'], description: '' } })
  const submit = useApiSubmit(form, async (values) => {
    const endpoint = await api.webhooks.create({ url: values.url.trim(), events: values.events, description: values.description.trim() === '' ? null : values.description.trim() })
    await queryClient.invalidateQueries({ queryKey: ['webhooks'] })
    onCreated(endpoint)
  }, { caught: (error) => placeWebhookRefusal(form, error) })
  return (
    <FormDialog title={t('webhooks.new')} onClose={onClose} {...submit}>
      <TextInput label={t('webhooks.url')} required type="url" placeholder="https://hooks.example.com/travel-crm" {...form.getInputProps('url')} />
      <TagsInput label={t('webhooks.events')} description={t('webhooks.eventsHint')} data={EVENT_SUGGESTIONS} required {...form.getInputProps('events')} />
      <TextInput label={t('webhooks.description')} {...form.getInputProps('description')} />
    </FormDialog>
  )
}
