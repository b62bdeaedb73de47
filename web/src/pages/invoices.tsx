import { Group, SegmentedControl, Stack, Title } from '@mantine/core'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { InvoiceStatus } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { INVOICE_STATUSES } from '../invoice-statuses.js'
import { PAGE_SIZE } from '../components/data-table.js'
import { ErrorState } from '../components/page-state.js'
import { InvoiceTable } from './invoice-table.js'

export function InvoicesPage () {
  const { t } = useTranslation()
  const api = useApi()
  const [status, setStatus] = useState<InvoiceStatus | 'all'>('all')
  const [page, setPage] = useState(1)
  const invoices = useQuery({
    queryKey: ['invoices', 'list', status, page],
    queryFn: () => api.invoices.list({ ...(status === 'all' ? {} : { status }), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData
  })
  return (
    <Stack>
      <Group justify="space-between"><Title order={2}>{t('invoices.title')}</Title></Group>
      <SegmentedControl
        aria-label={t('invoices.status')}
        value={status}
        onChange={(value) => { setStatus(value as InvoiceStatus | 'all'); setPage(1) }}
        data={[{ value: 'all', label: t('status.all') }, ...INVOICE_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))]}
      />
      {invoices.isError
        ? <ErrorState error={invoices.error} />
        : <InvoiceTable
            label={t('invoices.title')}
            invoices={invoices.data?.items ?? []}
            fetching={invoices.isFetching}
            paging={{ total: invoices.data?.total ?? 0, page, pageSize: PAGE_SIZE, onPageChange: setPage }}
          />}
    </Stack>
  )
}
