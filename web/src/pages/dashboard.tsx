import '@mantine/charts/styles.css'
import { BarChart } from '@mantine/charts'
import { Anchor, Card, Group, List, SimpleGrid, Stack, Table as PlainTable, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { TRIP_STATUSES } from '@travel-crm/contracts/trip-status'
import { StatusBadge, TripStatusBadge } from '../components/badges.js'
import { Day, Money } from '../components/money.js'
import { ErrorState } from '../components/page-state.js'
import { addDays, formatMonth, lastTwelveMonths, subtractMoney, today } from '../format.js'

const SERIES_COLOURS = ['teal.8', 'indigo.7', 'orange.8', 'grape.7']

function Panel ({ title, children }: { title: string, children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={3} size="h4" mb="sm">{title}</Title>
      {children}
    </Card>
  )
}

export function DashboardPage () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const user = useUser()
  const day = today()
  const readsReports = may(user?.role, 'GET', '/reports/monthly-revenue')
  const readsBalances = may(user?.role, 'GET', '/reports/invoice-summary')
  const thisYear = Number(day.slice(0, 4))
  const thisMonth = Number(day.slice(5, 7))

  const dueSoon = useQuery({ queryKey: ['dashboard', 'due-soon', day], queryFn: () => api.invoices.list({ due_after: addDays(day, -1), due_before: addDays(day, 15), sort: 'due_date', limit: 100 }) })
  // The longest overdue first: the calls to make this morning.
  const overdue = useQuery({ queryKey: ['dashboard', 'overdue'], queryFn: () => api.invoices.list({ status: 'Overdue', sort: 'due_date', limit: 5 }) })
  // Departures of trips that are sold: an inquiry or a quote is not yet anyone's journey.
  const departures = useQuery({ queryKey: ['dashboard', 'departures', day], queryFn: () => api.trips.list({ status: 'booked', start_date: day, start_date_to: addDays(day, 30), sort: 'start_date', limit: 10 }) })
  // How many trips stand at each step of the pipeline: the count of a one-row page of each.
  const pipeline = useQuery({
    queryKey: ['trips', 'by-status'],
    queryFn: async () => await Promise.all(TRIP_STATUSES.map(async (status) => ({ status, count: (await api.trips.list({ status, limit: 1 })).total })))
  })
  const summary = useQuery({ queryKey: ['reports', 'invoice-summary'], queryFn: () => api.reports.invoiceSummary(), enabled: readsBalances })
  const revenue = useQuery({
    queryKey: ['reports', 'monthly-revenue', 'last-12', thisYear],
    queryFn: async () => [...await api.reports.monthlyRevenue({ year: thisYear - 1 }), ...await api.reports.monthlyRevenue({ year: thisYear })],
    enabled: readsReports
  })
  const topClients = useQuery({ queryKey: ['reports', 'revenue-by-client'], queryFn: () => api.reports.revenueByClient(), enabled: readsReports })

  const openDueSoon = (dueSoon.data?.items ?? []).filter((invoice) => invoice.status !== 'Paid' && invoice.status !== 'Cancelled')
  const chart = lastTwelveMonths(revenue.data ?? [], { year: thisYear, month: thisMonth })
  const thisMonthRevenue = chart.months.at(-1)

  return (
    <Stack>
      <Title order={2}>{t('dashboard.title')}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {readsReports && (
          <Panel title={t('dashboard.revenueThisMonth')}>
            {chart.currencies.length === 0 ? <Text>{t('common.none')}</Text> : chart.currencies.map((currency) => (
              <Text key={currency} size="xl" fw={700}>{new Intl.NumberFormat(i18n.language, { style: 'currency', currency }).format(thisMonthRevenue?.[currency] ?? 0)}</Text>
            ))}
          </Panel>
        )}
        {readsBalances && (
          <Panel title={t('dashboard.balances')}>
            {summary.isError ? <ErrorState error={summary.error} /> : (
              <PlainTable>
                <PlainTable.Thead><PlainTable.Tr><PlainTable.Th>{t('common.currency')}</PlainTable.Th><PlainTable.Th>{t('dashboard.open')}</PlainTable.Th><PlainTable.Th>{t('dashboard.overdue')}</PlainTable.Th></PlainTable.Tr></PlainTable.Thead>
                <PlainTable.Tbody>
                  {(summary.data?.amounts ?? []).map((row) => (
                    <PlainTable.Tr key={row.currency}>
                      <PlainTable.Td>{row.currency}</PlainTable.Td>
                      <PlainTable.Td><Money amount={row.pending_balance} currency={row.currency} /></PlainTable.Td>
                      <PlainTable.Td><Money amount={row.overdue_balance} currency={row.currency} /></PlainTable.Td>
                    </PlainTable.Tr>
                  ))}
                </PlainTable.Tbody>
              </PlainTable>
            )}
          </Panel>
        )}
      </SimpleGrid>
      {readsReports && (
        <Panel title={t('dashboard.revenue12')}>
          {revenue.isError ? <ErrorState error={revenue.error} /> : (
            <BarChart
              h={260}
              data={chart.months.map((month) => ({ ...month, label: formatMonth(month.year, month.month, i18n.language) }))}
              dataKey="label"
              withLegend
              series={chart.currencies.map((currency, index) => ({ name: currency, color: SERIES_COLOURS[index % SERIES_COLOURS.length] ?? 'teal.8' }))}
              valueFormatter={(value) => new Intl.NumberFormat(i18n.language).format(value)}
              data-testid="revenue-chart"
            />
          )}
        </Panel>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Panel title={t('dashboard.dueSoon')}>
          {dueSoon.isError ? <ErrorState error={dueSoon.error} /> : openDueSoon.length === 0 ? <Text>{t('common.none')}</Text> : (
            <List spacing="xs">
              {openDueSoon.slice(0, 10).map((invoice) => (
                <List.Item key={invoice.id}>
                  <Anchor component={Link} to={`/invoices/${invoice.id}`}>{t('invoices.numbered', { number: invoice.number })}</Anchor>{' · '}
                  <Day day={invoice.due_date} />{' · '}<Money amount={subtractMoney(invoice.amount, invoice.paid_amount)} currency={invoice.currency} />{' '}
                  <StatusBadge status={invoice.status} />
                </List.Item>
              ))}
            </List>
          )}
        </Panel>
        <Panel title={t('dashboard.overdueInvoices', { count: overdue.data?.total ?? 0 })}>
          {overdue.isError ? <ErrorState error={overdue.error} /> : (overdue.data?.items ?? []).length === 0 ? <Text>{t('common.none')}</Text> : (
            <List spacing="xs">
              {(overdue.data?.items ?? []).map((invoice) => (
                <List.Item key={invoice.id}>
                  <Anchor component={Link} to={`/invoices/${invoice.id}`}>{t('invoices.numbered', { number: invoice.number })}</Anchor>{' · '}
                  <Day day={invoice.due_date} />{' · '}<Money amount={subtractMoney(invoice.amount, invoice.paid_amount)} currency={invoice.currency} />
                </List.Item>
              ))}
            </List>
          )}
          <Anchor component={Link} to="/invoices?status=Overdue&sort=due_date">{t('dashboard.allInvoices')}</Anchor>
        </Panel>
        <Panel title={t('trips.byStatus')}>
          {pipeline.isError ? <ErrorState error={pipeline.error} /> : (
            <List spacing="xs">
              {(pipeline.data ?? []).map(({ status, count }) => (
                <List.Item key={status}>
                  <Group gap="xs"><TripStatusBadge status={status} /><Anchor component={Link} to={`/trips?status=${status}`} data-testid={`trips-${status}`}>{count}</Anchor></Group>
                </List.Item>
              ))}
            </List>
          )}
        </Panel>
        <Panel title={t('dashboard.departures')}>
          {departures.isError ? <ErrorState error={departures.error} /> : (departures.data?.items ?? []).length === 0 ? <Text>{t('common.none')}</Text> : (
            <List spacing="xs">
              {(departures.data?.items ?? []).map((trip) => (
                <List.Item key={trip.id}><Anchor component={Link} to={`/trips/${trip.id}`}>{trip.destination}</Anchor>{' · '}<Day day={trip.start_date} /></List.Item>
              ))}
            </List>
          )}
        </Panel>
        {readsReports && (
          <Panel title={t('dashboard.topClients')}>
            {topClients.isError ? <ErrorState error={topClients.error} /> : (topClients.data ?? []).length === 0 ? <Text>{t('common.none')}</Text> : (
              <List spacing="xs">
                {(topClients.data ?? []).slice(0, 5).map((row) => (
                  <List.Item key={`${row.client_id}-${row.currency}`}>
                    <Anchor component={Link} to={`/clients/${row.client_id}`}>{row.client_name ?? `#${row.client_id}`}</Anchor>{' · '}<Money amount={row.total_revenue} currency={row.currency} />
                  </List.Item>
                ))}
              </List>
            )}
          </Panel>
        )}
      </SimpleGrid>
    </Stack>
  )
}
