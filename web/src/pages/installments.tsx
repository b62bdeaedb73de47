import type { Invoice } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'
import { StatusBadge } from '../components/badges.js'
import { Table } from '../components/data-table.js'
import { Day, Money } from '../components/money.js'

type Installment = NonNullable<Invoice['installments']>[number]

/** What is due when on an invoice, oldest first, each with what payments (filling the oldest first) covered. */
export function InstallmentsTable ({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation()
  return (
    <Table<Installment>
      aria-label={t('installments.title')}
      records={invoice.installments}
      idAccessor={(installment) => `${installment.due_date}:${invoice.installments.indexOf(installment)}`}
      columns={[
        { accessor: 'due_date', title: t('installments.dueDate'), render: (installment) => <Day day={installment.due_date} /> },
        { accessor: 'amount', title: t('installments.amount'), textAlign: 'right', render: (installment) => <Money amount={installment.amount} currency={invoice.currency} /> },
        { accessor: 'paid', title: t('installments.paid'), textAlign: 'right', render: (installment) => <Money amount={installment.paid} currency={invoice.currency} /> },
        { accessor: 'balance', title: t('installments.balance'), textAlign: 'right', render: (installment) => <Money amount={installment.balance} currency={invoice.currency} /> },
        { accessor: 'status', title: t('installments.status'), render: (installment) => <StatusBadge status={installment.status} /> }
      ]}
    />
  )
}
