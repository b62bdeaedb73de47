import { Group, SegmentedControl, Stack, TextInput, Title } from '@mantine/core'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { INVOICE_STATUSES } from '../invoice-statuses.js'
import { PAGE_SIZE, usePagedRows } from '../components/data-table.js'
import { DownloadButton } from '../components/download.js'
import { ErrorState } from '../components/page-state.js'
import { InvoiceTable, SORTABLE_INVOICE_COLUMNS } from './invoice-table.js'

/** The first and last day of a `YYYY-MM` month, as the zip export's inclusive range. */
export function monthRange (month: string): { from: string, to: string } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number]
  const last = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

export function InvoicesPage () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7))
  const paging = usePagedRows({ columnAccessor: 'due_date', direction: 'asc' }, SORTABLE_INVOICE_COLUMNS)
  // In the address beside the page and sort, so the dashboard can link to it.
  const statusFilter = paging.choice('status', INVOICE_STATUSES)
  const status = statusFilter.value
  const invoices = useQuery({
    queryKey: ['invoices', 'list', status, paging.page, paging.sort],
    queryFn: () => api.invoices.list({ ...(status === 'all' ? {} : { status }), sort: paging.sort, limit: PAGE_SIZE, offset: paging.offset }),
    placeholderData: keepPreviousData
  })
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('invoices.title')}</Title>
        <Group align="flex-end" gap="xs">
          <TextInput type="month" label={t('invoices.month')} value={month} onChange={(event) => { setMonth(event.currentTarget.value) }} />
          <DownloadButton
            label={t('invoices.zip')}
            disabled={!/^\d{4}-\d{2}$/.test(month)}
            fetchFile={() => { const { from, to } = monthRange(month); return api.invoices.zip(from, to, i18n.language) }}
          />
        </Group>
      </Group>
      <SegmentedControl
        aria-label={t('invoices.status')}
        value={status}
        onChange={statusFilter.choose}
        data={[{ value: 'all', label: t('status.all') }, ...INVOICE_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))]}
      />
      {invoices.isError
        ? <ErrorState error={invoices.error} />
        : <InvoiceTable
            label={t('invoices.title')}
            invoices={invoices.data?.items ?? []}
            fetching={invoices.isFetching}
            paging={paging.tableProps(invoices)}
          />}
    </Stack>
  )
}
