import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { notifyRefusal } from '../components/notify.js'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { Payment } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { StatusBadge } from '../components/badges.js'
import { Table } from '../components/data-table.js'
import { DownloadButton } from '../components/download.js'
import { Day, Money } from '../components/money.js'
import { ErrorState, PageLoader } from '../components/page-state.js'
import { subtractMoney } from '../format.js'
import { InstallmentsTable } from './installments.js'
import { PaymentDialog } from './payment-dialog.js'

export function InvoiceDetailPage () {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const user = useUser()
  const queryClient = useQueryClient()
  const id = Number(useParams()['id'])
  const [paying, setPaying] = useState(false)
  const invoice = useQuery({ queryKey: ['invoices', id], queryFn: () => api.invoices.get(id) })
  const payments = useQuery({ queryKey: ['payments', 'of-invoice', id], queryFn: () => api.payments.list({ invoice_id: id, limit: 500 }) })

  if (invoice.isPending) return <PageLoader />
  if (invoice.isError) return <ErrorState error={invoice.error} />
  const { data } = invoice
  const open = data.status !== 'Paid' && data.status !== 'Cancelled'

  const cancel = async () => {
    if (!window.confirm(t('invoices.confirmCancel', { id: data.number }))) return
    try {
      await api.invoices.cancel(id, data.version)
      await queryClient.invalidateQueries({ queryKey: ['invoices'] })
    } catch (error) {
      notifyRefusal(error)
    }
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Group>
          <Title order={2}>{t('invoices.numbered', { number: data.number })}</Title>
          <StatusBadge status={data.status} testId="invoice-status" />
        </Group>
        <Group>
          <DownloadButton label={t('invoices.pdf')} fetchFile={() => api.invoices.pdf(id, i18n.language)} />
          {open && may(user?.role, 'POST', '/payments') && <Button onClick={() => { setPaying(true) }}>{t('payments.record')}</Button>}
          {open && data.paid_amount === '0.00' && may(user?.role, 'PATCH', '/invoices/:id') && <Button color="red" variant="outline" onClick={() => { void cancel() }}>{t('invoices.cancel')}</Button>}
        </Group>
      </Group>
      <Card withBorder>
        <SimpleGrid cols={{ base: 2, sm: 3, md: 6 }}>
          <div><Text fw={600}>{t('invoices.amount')}</Text><Text><Money amount={data.amount} currency={data.currency} /></Text></div>
          <div><Text fw={600}>{t('invoices.paid')}</Text><Text data-testid="paid-amount"><Money amount={data.paid_amount} currency={data.currency} /></Text></div>
          <div><Text fw={600}>{t('invoices.balance')}</Text><Text data-testid="balance"><Money amount={subtractMoney(data.amount, data.paid_amount)} currency={data.currency} /></Text></div>
          <div><Text fw={600}>{t('invoices.issueDate')}</Text><Text><Day day={data.issue_date} /></Text></div>
          <div><Text fw={600}>{t('installments.nextDue')}</Text><Text data-testid="next-due"><Day day={data.due_date} /></Text></div>
          <div>
            <Text fw={600}>{t('invoices.for')}</Text>
            <Anchor component={Link} to={`/trips/${data.trip_id}`}>{t('invoices.trip')}</Anchor>{' · '}
            <Anchor component={Link} to={`/clients/${data.client_id}`}>{t('invoices.client')}</Anchor>
          </div>
        </SimpleGrid>
      </Card>
      <Title order={3}>{t('installments.title')}</Title>
      <InstallmentsTable invoice={data} />
      <Title order={3}>{t('payments.title')}</Title>
      {payments.isError
        ? <ErrorState error={payments.error} />
        : <Table<Payment>
            aria-label={t('payments.title')}
            records={payments.data?.items ?? []}
            fetching={payments.isFetching}
            columns={[
              { accessor: 'payment_date', title: t('payments.date'), render: (payment) => <Day day={payment.payment_date} /> },
              { accessor: 'amount', title: t('payments.amount'), textAlign: 'right', render: (payment) => <Money amount={payment.amount} currency={payment.currency} /> },
              { accessor: 'payment_method', title: t('payments.method') },
              { accessor: 'reference', title: t('payments.reference') }
            ]}
          />}
      {paying && <PaymentDialog invoice={data} onClose={() => { setPaying(false) }} />}
    </Stack>
  )
}
