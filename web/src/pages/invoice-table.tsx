import { Anchor } from '@mantine/core'
import type { Invoice } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { subtractMoney } from '../format.js'
import { StatusBadge } from '../components/badges.js'
import { Table, type TableProps } from '../components/data-table.js'
import { Day, Money } from '../components/money.js'

/** The invoice columns the services sort by (balance and status are worked out, not stored). */
export const SORTABLE_INVOICE_COLUMNS = ['id', 'issue_date', 'due_date', 'amount', 'paid_amount'] as const

/**
 * Invoices with what is paid and what is still open, each linking to its page; a paged list passes its
 * paging and sorting props (`usePagedRows`), and only then are the stored columns sortable.
 */
export function InvoiceTable ({ invoices, fetching, label, paging }: {
  invoices: Invoice[]
  fetching?: boolean
  label: string
  paging?: Omit<TableProps<Invoice>, 'aria-label' | 'columns'>
}) {
  const { t } = useTranslation()
  const sortable = paging !== undefined
  return (
    <Table<Invoice>
      aria-label={label}
      records={invoices}
      fetching={fetching ?? false}
      {...paging}
      columns={[
        { accessor: 'id', sortable, title: t('invoices.number'), render: (invoice) => <Anchor component={Link} to={`/invoices/${invoice.id}`}>{t('invoices.numbered', { number: invoice.number })}</Anchor> },
        { accessor: 'due_date', sortable, title: t('invoices.dueDate'), render: (invoice) => <Day day={invoice.due_date} /> },
        { accessor: 'amount', sortable, title: t('invoices.amount'), textAlign: 'right', render: (invoice) => <Money amount={invoice.amount} currency={invoice.currency} /> },
        { accessor: 'paid_amount', sortable, title: t('invoices.paid'), textAlign: 'right', render: (invoice) => <Money amount={invoice.paid_amount} currency={invoice.currency} /> },
        { accessor: 'balance', title: t('invoices.balance'), textAlign: 'right', render: (invoice) => <Money amount={subtractMoney(invoice.amount, invoice.paid_amount)} currency={invoice.currency} /> },
        { accessor: 'status', title: t('invoices.status'), render: (invoice) => <StatusBadge status={invoice.status} /> }
      ]}
    />
  )
}
