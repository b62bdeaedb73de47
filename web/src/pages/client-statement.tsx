import { Stack, Table as PlainTable, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import type { ClientStatement } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { Table } from '../components/data-table.js'
import { Day, Money } from '../components/money.js'
import { ErrorState } from '../components/page-state.js'
import { addMoney, balancesByCurrency } from '../format.js'

/** One line of a statement: an invoice charged or a payment received, on its day. */
export interface StatementLine {
  key: string
  day: string
  kind: 'invoice' | 'payment'
  invoiceId: number
  destination: string
  detail: string
  amount: string
  currency: string
}

/** The statement's invoices and payments as lines by day (invoices before payments of the same day). */
export function statementLines (statement: ClientStatement): StatementLine[] {
  const lines: StatementLine[] = statement.trips.flatMap((trip) => trip.invoices.flatMap((invoice) => [
    { key: `i${invoice.id}`, day: invoice.issue_date, kind: 'invoice' as const, invoiceId: invoice.id, destination: trip.destination, detail: invoice.status, amount: invoice.amount, currency: invoice.currency },
    ...invoice.payments.map((payment) => ({
      key: `p${payment.id}`, day: payment.payment_date, kind: 'payment' as const, invoiceId: invoice.id, destination: trip.destination, detail: payment.payment_method, amount: payment.amount, currency: payment.currency
    }))
  ]))
  return lines.sort((a, b) => a.day.localeCompare(b.day) || Number(a.kind === 'payment') - Number(b.kind === 'payment') || a.key.localeCompare(b.key))
}

/**
 * The client's statement as reporting keeps it (`GET /clients/:id/details`): what was invoiced and paid, per
 * currency, and each invoice and payment by day. The CSV download beside the title is the same statement.
 */
export function ClientStatementSection ({ clientId }: { clientId: number }) {
  const { t } = useTranslation()
  const api = useApi()
  const statement = useQuery({ queryKey: ['statement', clientId], queryFn: () => api.clients.statement(clientId) })
  if (statement.isError) return <ErrorState error={statement.error} />
  const invoices = (statement.data?.trips ?? []).flatMap((trip) => trip.invoices)
  const totals = balancesByCurrency(invoices.map((invoice) => ({ amount: invoice.amount, paid_amount: invoice.paid, currency: invoice.currency })))
  const sumOf = (currency: string, field: 'amount' | 'paid') => invoices.filter((invoice) => invoice.currency === currency).reduce((sum, invoice) => addMoney(sum, invoice[field]), '0.00')
  return (
    <Stack component="section" aria-label={t('statement.title')}>
      <Title order={3}>{t('statement.title')}</Title>
      {totals.length === 0
        ? <Text>{t('common.none')}</Text>
        : (
            <PlainTable aria-label={t('statement.totals')} data-testid="statement-totals">
              <PlainTable.Thead>
                <PlainTable.Tr>
                  <PlainTable.Th>{t('common.currency')}</PlainTable.Th>
                  <PlainTable.Th ta="right">{t('statement.invoiced')}</PlainTable.Th>
                  <PlainTable.Th ta="right">{t('statement.paid')}</PlainTable.Th>
                  <PlainTable.Th ta="right">{t('statement.balance')}</PlainTable.Th>
                </PlainTable.Tr>
              </PlainTable.Thead>
              <PlainTable.Tbody>
                {totals.map((row) => (
                  <PlainTable.Tr key={row.currency}>
                    <PlainTable.Td>{row.currency}</PlainTable.Td>
                    <PlainTable.Td ta="right"><Money amount={sumOf(row.currency, 'amount')} currency={row.currency} /></PlainTable.Td>
                    <PlainTable.Td ta="right"><Money amount={sumOf(row.currency, 'paid')} currency={row.currency} /></PlainTable.Td>
                    <PlainTable.Td ta="right" fw={700}><Money amount={row.balance} currency={row.currency} /></PlainTable.Td>
                  </PlainTable.Tr>
                ))}
              </PlainTable.Tbody>
            </PlainTable>
          )}
      {totals.length > 0 && (
        <Table<StatementLine>
          aria-label={t('statement.lines')}
          records={statement.data === undefined ? [] : statementLines(statement.data)}
          fetching={statement.isFetching}
          idAccessor="key"
          columns={[
            { accessor: 'day', title: t('statement.day'), render: (line) => <Day day={line.day} /> },
            {
              accessor: 'kind',
              title: t('statement.entry'),
              render: (line) => line.kind === 'invoice'
                ? t('statement.invoiceLine', { id: line.invoiceId, destination: line.destination, status: t(`status.${line.detail}`) })
                : t('statement.paymentLine', { id: line.invoiceId, method: line.detail })
            },
            { accessor: 'charged', title: t('statement.charged'), textAlign: 'right', render: (line) => line.kind === 'invoice' ? <Money amount={line.amount} currency={line.currency} /> : '' },
            { accessor: 'received', title: t('statement.received'), textAlign: 'right', render: (line) => line.kind === 'payment' ? <Money amount={line.amount} currency={line.currency} /> : '' }
          ]}
        />
      )}
    </Stack>
  )
}
