import '@mantine/charts/styles.css'
import { BarChart } from '@mantine/charts'
import { Anchor, Group, NumberInput, Stack, Tabs, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { Departure, MonthlyRevenueRow, PipelineMonth, PipelineStatus, RevenueByClientRow, UnpaidInvoice } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ReportName } from '../api/client.js'
import { useApi } from '../app-context.js'
import { StatusBadge, TripStatusBadge } from '../components/badges.js'
import { PAGE_SIZE, Table } from '../components/data-table.js'
import { DownloadButton } from '../components/download.js'
import { Day, Money } from '../components/money.js'
import { ErrorState } from '../components/page-state.js'
import { formatMonth, formatPercent } from '../format.js'

/** One chart series per currency: amounts in different currencies are never stacked or added. */
function byCurrency<Row extends { currency: string, total_revenue: string }> (rows: Row[], labelOf: (row: Row) => string) {
  const currencies = [...new Set(rows.map((row) => row.currency))].sort()
  const labels = [...new Set(rows.map(labelOf))]
  const data = labels.map((label) => ({
    label,
    ...Object.fromEntries(currencies.map((currency) => [currency, rows.filter((row) => labelOf(row) === label && row.currency === currency).reduce((sum, row) => sum + Number(row.total_revenue), 0)]))
  }))
  return { data, series: currencies.map((name, index) => ({ name, color: ['teal.8', 'indigo.7', 'orange.8'][index % 3] ?? 'teal.8' })) }
}

/** A report's rows as CSV, and as a PDF table worded in the app's language. */
function ReportDownloads ({ report, query }: { report: ReportName, query?: Record<string, string | number> }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  return (
    <Group gap="xs">
      <DownloadButton label={t('common.csv')} fetchFile={() => api.reports.csv(report, query)} />
      <DownloadButton label={t('common.pdf')} fetchFile={() => api.reports.pdf(report, i18n.language, query)} />
    </Group>
  )
}

export function ReportsPage () {
  const { t } = useTranslation()
  return (
    <Stack>
      <Title order={2}>{t('reports.title')}</Title>
      <Tabs defaultValue="invoice-summary" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="invoice-summary">{t('reports.invoiceSummary')}</Tabs.Tab>
          <Tabs.Tab value="monthly-revenue">{t('reports.monthlyRevenue')}</Tabs.Tab>
          <Tabs.Tab value="revenue-by-client">{t('reports.revenueByClient')}</Tabs.Tab>
          <Tabs.Tab value="unpaid-invoices">{t('reports.unpaidInvoices')}</Tabs.Tab>
          <Tabs.Tab value="departures">{t('reports.departures')}</Tabs.Tab>
          <Tabs.Tab value="pipeline">{t('reports.pipeline')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="invoice-summary" pt="md"><InvoiceSummaryReport /></Tabs.Panel>
        <Tabs.Panel value="monthly-revenue" pt="md"><MonthlyRevenueReport /></Tabs.Panel>
        <Tabs.Panel value="revenue-by-client" pt="md"><RevenueByClientReport /></Tabs.Panel>
        <Tabs.Panel value="unpaid-invoices" pt="md"><UnpaidInvoicesReport /></Tabs.Panel>
        <Tabs.Panel value="departures" pt="md"><DeparturesReport /></Tabs.Panel>
        <Tabs.Panel value="pipeline" pt="md"><PipelineReport /></Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

function InvoiceSummaryReport () {
  const { t } = useTranslation()
  const api = useApi()
  const summary = useQuery({ queryKey: ['reports', 'invoice-summary'], queryFn: () => api.reports.invoiceSummary() })
  if (summary.isError) return <ErrorState error={summary.error} />
  const rows = summary.data?.amounts ?? []
  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <StatusBadge status="Paid" /> {summary.data?.total_paid ?? 0}
          <StatusBadge status="Pending" /> {summary.data?.total_pending ?? 0}
          <StatusBadge status="Overdue" /> {summary.data?.total_overdue ?? 0}
        </Group>
        {/* One row per invoice: the summary's own export is the original's one row per status, its ids in one cell. */}
        <ReportDownloads report="invoices" />
      </Group>
      <Table
        aria-label={t('reports.invoiceSummary')}
        records={rows}
        idAccessor="currency"
        fetching={summary.isFetching}
        columns={[
          { accessor: 'currency', title: t('common.currency') },
          { accessor: 'paid_amount', title: t('reports.paidAmount'), textAlign: 'right', render: (row) => <Money amount={row.paid_amount} currency={row.currency} /> },
          { accessor: 'pending_balance', title: t('reports.pendingBalance'), textAlign: 'right', render: (row) => <Money amount={row.pending_balance} currency={row.currency} /> },
          { accessor: 'overdue_balance', title: t('reports.overdueBalance'), textAlign: 'right', render: (row) => <Money amount={row.overdue_balance} currency={row.currency} /> }
        ]}
      />
      {rows.length > 0 && (
        <BarChart
          h={220}
          data={rows.map((row) => ({ currency: row.currency, paid: Number(row.paid_amount), pending: Number(row.pending_balance), overdue: Number(row.overdue_balance) }))}
          dataKey="currency"
          withLegend
          series={[{ name: 'paid', label: t('reports.paidAmount'), color: 'teal.8' }, { name: 'pending', label: t('reports.pendingBalance'), color: 'blue.7' }, { name: 'overdue', label: t('reports.overdueBalance'), color: 'red.8' }]}
        />
      )}
    </Stack>
  )
}

function MonthlyRevenueReport () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const [year, setYear] = useState<number | string>(new Date().getUTCFullYear())
  const [destination, setDestination] = useState('')
  const [debounced] = useDebouncedValue(destination.trim(), 250)
  const query = { ...(typeof year === 'number' ? { year } : {}), ...(debounced === '' ? {} : { destination: debounced }) }
  const revenue = useQuery({ queryKey: ['reports', 'monthly-revenue', query], queryFn: () => api.reports.monthlyRevenue(query), placeholderData: keepPreviousData })
  const rows = revenue.data ?? []
  const chart = byCurrency(rows, (row) => formatMonth(row.year, row.month, i18n.language))
  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <Group>
          <NumberInput label={t('reports.year')} value={year} onChange={setYear} min={1900} max={9999} w={120} />
          <TextInput type="search" label={t('trips.destination')} value={destination} onChange={(event) => { setDestination(event.currentTarget.value) }} />
        </Group>
        <ReportDownloads report="monthly-revenue" query={query} />
      </Group>
      {revenue.isError ? <ErrorState error={revenue.error} /> : (
        <>
          {rows.length > 0 && <BarChart h={240} data={chart.data} dataKey="label" withLegend series={chart.series} />}
          <Table<MonthlyRevenueRow>
            aria-label={t('reports.monthlyRevenue')}
            records={rows}
            idAccessor={(row) => `${row.year}-${row.month}-${row.destination}-${row.currency}`}
            fetching={revenue.isFetching}
            columns={[
              { accessor: 'month', title: t('reports.month'), render: (row) => formatMonth(row.year, row.month, i18n.language) },
              { accessor: 'destination', title: t('trips.destination') },
              { accessor: 'total_revenue', title: t('reports.revenue'), textAlign: 'right', render: (row) => <Money amount={row.total_revenue} currency={row.currency} /> }
            ]}
          />
        </>
      )}
    </Stack>
  )
}

function RevenueByClientReport () {
  const { t } = useTranslation()
  const api = useApi()
  const revenue = useQuery({ queryKey: ['reports', 'revenue-by-client'], queryFn: () => api.reports.revenueByClient() })
  const rows = revenue.data ?? []
  const chart = byCurrency(rows.slice(0, 10), (row) => row.client_name ?? `#${row.client_id}`)
  return (
    <Stack>
      <Group justify="flex-end"><ReportDownloads report="revenue-by-client" /></Group>
      {revenue.isError ? <ErrorState error={revenue.error} /> : (
        <>
          {rows.length > 0 && <BarChart h={240} data={chart.data} dataKey="label" withLegend series={chart.series} />}
          <Table<RevenueByClientRow>
            aria-label={t('reports.revenueByClient')}
            records={rows}
            idAccessor={(row) => `${row.client_id}-${row.currency}`}
            fetching={revenue.isFetching}
            columns={[
              { accessor: 'client_name', title: t('invoices.client'), render: (row) => <Anchor component={Link} to={`/clients/${row.client_id}`}>{row.client_name ?? `#${row.client_id}`}</Anchor> },
              { accessor: 'total_revenue', title: t('reports.revenue'), textAlign: 'right', render: (row) => <Money amount={row.total_revenue} currency={row.currency} /> }
            ]}
          />
        </>
      )}
    </Stack>
  )
}

function UnpaidInvoicesReport () {
  const { t } = useTranslation()
  const api = useApi()
  const [page, setPage] = useState(1)
  const unpaid = useQuery({ queryKey: ['reports', 'unpaid', page], queryFn: () => api.reports.unpaidInvoices({ limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }), placeholderData: keepPreviousData })
  return (
    <Stack>
      <Group justify="flex-end"><ReportDownloads report="unpaid-invoices" /></Group>
      {unpaid.isError ? <ErrorState error={unpaid.error} /> : (
        <Table<UnpaidInvoice>
          aria-label={t('reports.unpaidInvoices')}
          records={unpaid.data?.items ?? []}
          idAccessor="invoice_id"
          fetching={unpaid.isFetching}
          totalRecords={unpaid.data?.total ?? 0}
          recordsPerPage={PAGE_SIZE}
          page={page}
          onPageChange={setPage}
          columns={[
            { accessor: 'invoice_id', title: t('invoices.number'), render: (row) => <Anchor component={Link} to={`/invoices/${row.invoice_id}`}>{t('invoices.numbered', { number: `#${row.invoice_id}` })}</Anchor> },
            { accessor: 'due_date', title: t('invoices.dueDate'), render: (row) => <Day day={row.due_date} /> },
            { accessor: 'balance', title: t('invoices.balance'), textAlign: 'right', render: (row) => <Money amount={row.balance} currency={row.currency} /> },
            { accessor: 'status', title: t('invoices.status'), render: (row) => <StatusBadge status={row.status} /> }
          ]}
        />
      )}
    </Stack>
  )
}

/** Trips leaving in the coming days and what is still open on them: money, bookings to confirm, passports. */
function DeparturesReport () {
  const { t } = useTranslation()
  const api = useApi()
  const [days, setDays] = useState<number | string>(30)
  // A day count being typed (empty, or out of 1..365) keeps the last report rather than asking for a 400.
  const query = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 365 ? { days } : undefined
  const [shown, setShown] = useState({ days: 30 })
  if (query !== undefined && query.days !== shown.days) setShown(query)
  const departures = useQuery({ queryKey: ['reports', 'departures', shown], queryFn: () => api.reports.departures(shown), placeholderData: keepPreviousData })
  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <NumberInput label={t('reports.days')} value={days} onChange={setDays} min={1} max={365} allowDecimal={false} w={160} />
        <ReportDownloads report="departures" query={shown} />
      </Group>
      {departures.isError ? <ErrorState error={departures.error} /> : (
        <Table<Departure>
          aria-label={t('reports.departures')}
          records={departures.data ?? []}
          idAccessor="trip_id"
          fetching={departures.isFetching}
          columns={[
            { accessor: 'start_date', title: t('reports.departing'), render: (row) => <Day day={row.start_date} /> },
            { accessor: 'destination', title: t('trips.destination'), render: (row) => <Anchor component={Link} to={`/trips/${row.trip_id}`}>{row.destination}</Anchor> },
            { accessor: 'client_name', title: t('invoices.client'), render: (row) => <Anchor component={Link} to={`/clients/${row.client_id}`}>{row.client_name ?? `#${row.client_id}`}</Anchor> },
            {
              accessor: 'balance',
              title: t('reports.openBalance'),
              textAlign: 'right',
              render: (row) => row.balance.length === 0 ? '—' : <Stack gap={0}>{row.balance.map((open) => <Money key={open.currency} amount={open.open} currency={open.currency} />)}</Stack>
            },
            { accessor: 'not_invoiced', title: t('reports.notInvoiced'), textAlign: 'right', render: (row) => <Money amount={row.not_invoiced} currency={row.currency} /> },
            { accessor: 'travellers', title: t('reports.travellers'), textAlign: 'right' },
            {
              accessor: 'unconfirmed_bookings',
              title: t('reports.unconfirmedBookings'),
              render: (row) => row.unconfirmed_bookings.length === 0 ? '—' : (
                <Stack gap={0}>
                  {row.unconfirmed_bookings.map((booking) => (
                    <Text key={booking.booking_id} size="sm">{booking.supplier_name ?? `#${booking.supplier_id}`}{booking.description === null ? '' : `: ${booking.description}`}</Text>
                  ))}
                </Stack>
              )
            },
            {
              accessor: 'passport_warnings',
              title: t('reports.passportWarnings'),
              render: (row) => row.passport_warnings.length === 0 ? '—' : (
                <Stack gap={0}>
                  {row.passport_warnings.map((warning) => (
                    <Text key={warning.traveller_id} size="sm" c="red.9">{t(`reports.passport.${warning.code}`, { name: warning.name })}</Text>
                  ))}
                </Stack>
              )
            }
          ]}
        />
      )}
    </Stack>
  )
}

/** `YYYY-MM` as the app's language writes a month. */
function monthName (month: string, language: string): string {
  const [year, number] = month.split('-').map(Number)
  return formatMonth(year ?? 0, number ?? 1, language)
}

/** Where the trips that came in over the period stand, and per month how many inquiries were booked. */
function PipelineReport () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const query = { ...(from === '' ? {} : { from }), ...(to === '' ? {} : { to }) }
  const pipeline = useQuery({ queryKey: ['reports', 'pipeline', query], queryFn: () => api.reports.pipeline(query), placeholderData: keepPreviousData })
  const months = pipeline.data?.months ?? []
  return (
    <Stack>
      <Group align="flex-end" justify="space-between">
        <Group>
          <TextInput type="date" label={t('reports.from')} value={from} onChange={(event) => { setFrom(event.currentTarget.value) }} />
          <TextInput type="date" label={t('reports.to')} value={to} onChange={(event) => { setTo(event.currentTarget.value) }} />
        </Group>
        <ReportDownloads report="pipeline" query={query} />
      </Group>
      {pipeline.isError ? <ErrorState error={pipeline.error} /> : (
        <>
          <Table<PipelineStatus>
            aria-label={t('reports.pipelineStatuses')}
            records={pipeline.data?.statuses ?? []}
            idAccessor="status"
            fetching={pipeline.isFetching}
            columns={[
              { accessor: 'status', title: t('trips.status'), render: (row) => <TripStatusBadge status={row.status} /> },
              { accessor: 'trips', title: t('reports.trips'), textAlign: 'right' },
              {
                accessor: 'value',
                title: t('reports.value'),
                textAlign: 'right',
                render: (row) => <Stack gap={0}>{row.value.map((money) => <span key={money.currency}><Money amount={money.amount} currency={money.currency} /></span>)}</Stack>
              }
            ]}
          />
          {months.length > 0 && (
            <BarChart
              h={240}
              data={months.map((row) => ({ label: monthName(row.month, i18n.language), booked: row.booked, open: row.open, lost: row.cancelled }))}
              dataKey="label"
              type="stacked"
              withLegend
              series={[{ name: 'booked', label: t('reports.booked'), color: 'teal.8' }, { name: 'open', label: t('reports.open'), color: 'blue.7' }, { name: 'lost', label: t('reports.lost'), color: 'gray.6' }]}
            />
          )}
          <Table<PipelineMonth>
            aria-label={t('reports.pipelineMonths')}
            records={months}
            idAccessor="month"
            fetching={pipeline.isFetching}
            columns={[
              { accessor: 'month', title: t('reports.month'), render: (row) => monthName(row.month, i18n.language) },
              { accessor: 'inquiries', title: t('reports.inquiries'), textAlign: 'right' },
              { accessor: 'booked', title: t('reports.booked'), textAlign: 'right' },
              { accessor: 'cancelled', title: t('reports.lost'), textAlign: 'right' },
              { accessor: 'open', title: t('reports.open'), textAlign: 'right' },
              { accessor: 'conversion_rate', title: t('reports.conversion'), textAlign: 'right', render: (row) => row.conversion_rate === null ? '–' : formatPercent(row.conversion_rate, i18n.language) }
            ]}
          />
        </>
      )}
    </Stack>
  )
}
