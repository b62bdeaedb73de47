import { Anchor } from '@mantine/core'
import type { Invoice } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { subtractMoney } from '../format.js'
import { StatusBadge } from '../components/badges.js'
import { Table } from '../components/data-table.js'
import { Day, Money } from '../components/money.js'

/** Invoices with what is paid and what is still open, each linking to its page. */
export function InvoiceTable ({ invoices, fetching, label, paging }: {
  invoices: Invoice[]
  fetching?: boolean
  label: string
  paging?: { total: number, page: number, pageSize: number, onPageChange: (page: number) => void }
}) {
  const { t } = useTranslation()
  return (
    <Table<Invoice>
      aria-label={label}
      records={invoices}
      fetching={fetching ?? false}
      {...(paging === undefined ? {} : { totalRecords: paging.total, recordsPerPage: paging.pageSize, page: paging.page, onPageChange: paging.onPageChange })}
      columns={[
        { accessor: 'id', title: t('invoices.number'), render: (invoice) => <Anchor component={Link} to={`/invoices/${invoice.id}`}>{t('invoices.numbered', { id: invoice.id })}</Anchor> },
        { accessor: 'due_date', title: t('invoices.dueDate'), render: (invoice) => <Day day={invoice.due_date} /> },
        { accessor: 'amount', title: t('invoices.amount'), textAlign: 'right', render: (invoice) => <Money amount={invoice.amount} currency={invoice.currency} /> },
        { accessor: 'paid_amount', title: t('invoices.paid'), textAlign: 'right', render: (invoice) => <Money amount={invoice.paid_amount} currency={invoice.currency} /> },
        { accessor: 'balance', title: t('invoices.balance'), textAlign: 'right', render: (invoice) => <Money amount={subtractMoney(invoice.amount, invoice.paid_amount)} currency={invoice.currency} /> },
        { accessor: 'status', title: t('invoices.status'), render: (invoice) => <StatusBadge status={invoice.status} /> }
      ]}
    />
  )
}
