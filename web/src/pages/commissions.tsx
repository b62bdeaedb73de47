import { Anchor, Badge, Button, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Commission, CommissionStatus } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { may } from '../access.js'
import { ApiError } from '../api/problem.js'
import { useApi, useUser } from '../app-context.js'
import { PAGE_SIZE, Table, usePagedRows } from '../components/data-table.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { Day, Money } from '../components/money.js'
import { notify } from '../components/notify.js'
import { ErrorState, problemMessage } from '../components/page-state.js'
import { compareMoney, formatMoney, today } from '../format.js'
import { COMMISSION_STATUSES } from '../invoice-statuses.js'

// Filled, in the darkest shades, as the invoice statuses: white (or, on yellow, black) text meets AA contrast.
const COMMISSION_COLOURS: Record<CommissionStatus, string> = {
  Expected: 'blue', 'Partially Received': 'yellow', Received: 'agencyTeal', Overdue: 'red', Cancelled: 'gray'
}

function CommissionStatusBadge ({ status }: { status: CommissionStatus }) {
  const { t } = useTranslation()
  return <Badge color={COMMISSION_COLOURS[status]} variant="filled" autoContrast>{t(`commissionStatus.${status}`)}</Badge>
}

/**
 * Records what a supplier paid of a booking's commission. One key per opening of the dialog goes with every
 * attempt as `Idempotency-Key`, so a double click, or a retry after a lost answer, records it once.
 */
function CommissionPaymentDialog ({ commission, supplier, onClose }: { commission: Commission, supplier: string, onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const balance = formatMoney(commission.balance, commission.currency, i18n.language)
  const form = useForm({
    initialValues: { amount: commission.balance, received_date: today() },
    validate: {
      amount: (value) => !/^\d+(\.\d{1,2})?$/.test(value.trim()) ? t('payments.amountFormat')
        : compareMoney(value.trim(), commission.balance) > 0 ? t('payments.aboveBalance', { balance })
          : undefined
    }
  })
  const submit = useApiSubmit(form, async (values) => {
    await api.commissions.receive({ booking_id: commission.booking_id, amount: values.amount.trim(), received_date: values.received_date }, idempotencyKey)
    await queryClient.invalidateQueries({ queryKey: ['commissions'] })
    notify({ color: 'teal', message: t('commissions.recorded', { supplier }) })
    onClose()
  }, {
    // The server's balance when someone else recorded part of it meanwhile, in the reader's language.
    explain: (error) => error instanceof ApiError && error.status === 422 && typeof error.problem['balance'] === 'string'
      ? t('payments.aboveBalance', { balance: formatMoney(error.problem['balance'], commission.currency, i18n.language) })
      : problemMessage(error, t)
  })
  return (
    <FormDialog title={t('commissions.record')} onClose={onClose} submitLabel={t('commissions.record')} {...submit}>
      <Text>{t('commissions.of', { supplier })}: <strong data-testid="commission-balance">{balance}</strong></Text>
      <TextInput label={`${t('payments.amount')} (${commission.currency})`} inputMode="decimal" required {...form.getInputProps('amount')} />
      <TextInput type="date" label={t('commissions.receivedDate')} {...form.getInputProps('received_date')} />
    </FormDialog>
  )
}

/** What suppliers owe the agency in commission, booking by booking, by due date; agents and admins record payments. */
export function CommissionsPage () {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const [receiving, setReceiving] = useState<Commission>()
  const suppliers = useQuery({ queryKey: ['suppliers', 'choice'], queryFn: () => api.suppliers.list({ limit: 500 }) })
  const names = new Map((suppliers.data?.items ?? []).map((supplier) => [String(supplier.id), supplier.name]))
  // The list has one order (by due date); the page and both filters live in the address like other lists.
  const paging = usePagedRows<'due_date'>({ columnAccessor: 'due_date', direction: 'asc' }, [])
  const statusFilter = paging.choice('status', COMMISSION_STATUSES)
  const supplierFilter = paging.choice('supplier_id', [...names.keys()])
  const status = statusFilter.value
  const supplier = supplierFilter.value
  const commissions = useQuery({
    queryKey: ['commissions', 'list', supplier, status, paging.page],
    queryFn: () => api.commissions.list({
      ...(supplier === 'all' ? {} : { supplier_id: Number(supplier) }),
      ...(status === 'all' ? {} : { status }),
      limit: PAGE_SIZE,
      offset: paging.offset
    }),
    // A supplier in the address is known once the suppliers are: not before, or the list would flash unfiltered.
    enabled: suppliers.isSuccess,
    placeholderData: keepPreviousData
  })
  const mayRecord = may(user?.role, 'POST', '/commission-payments')
  const { sortStatus: _sortStatus, onSortStatusChange: _onSortStatusChange, ...tableProps } = paging.tableProps(commissions)

  return (
    <Stack>
      <Title order={2}>{t('commissions.title')}</Title>
      <Group align="flex-end">
        <Select
          label={t('commissions.supplier')}
          data={[{ value: 'all', label: t('commissions.allSuppliers') }, ...[...names].map(([value, label]) => ({ value, label }))]}
          value={supplier}
          allowDeselect={false}
          searchable
          onChange={(value) => { supplierFilter.choose(value ?? 'all') }}
        />
      </Group>
      <SegmentedControl
        aria-label={t('commissions.status')}
        value={status}
        onChange={statusFilter.choose}
        data={[{ value: 'all', label: t('status.all') }, ...COMMISSION_STATUSES.map((value) => ({ value, label: t(`commissionStatus.${value}`) }))]}
      />
      {commissions.isError || suppliers.isError
        ? <ErrorState error={commissions.error ?? suppliers.error} />
        : <Table<Commission>
            aria-label={t('commissions.title')}
            {...tableProps}
            fetching={commissions.isFetching || suppliers.isPending}
            columns={[
              { accessor: 'due_date', title: t('commissions.dueDate'), render: (commission) => <Day day={commission.due_date} /> },
              { accessor: 'supplier_id', title: t('commissions.supplier'), render: (commission) => names.get(String(commission.supplier_id)) ?? '—' },
              { accessor: 'trip_id', title: t('commissions.booking'), render: (commission) => <Anchor component={Link} to={`/trips/${commission.trip_id}`}>{t('commissions.bookingNumbered', { id: commission.booking_id })}</Anchor> },
              { accessor: 'expected', title: t('commissions.expected'), textAlign: 'right', render: (commission) => <Money amount={commission.expected} currency={commission.currency} /> },
              { accessor: 'received', title: t('commissions.received'), textAlign: 'right', render: (commission) => <Money amount={commission.received} currency={commission.currency} /> },
              { accessor: 'balance', title: t('commissions.balance'), textAlign: 'right', render: (commission) => <Money amount={commission.balance} currency={commission.currency} /> },
              { accessor: 'status', title: t('commissions.status'), render: (commission) => <CommissionStatusBadge status={commission.status} /> },
              ...(mayRecord
                ? [{
                    accessor: 'actions',
                    title: t('common.actions'),
                    render: (commission: Commission) => commission.status === 'Received' || commission.status === 'Cancelled' ? null : (
                      <Button size="compact-xs" variant="default" aria-label={t('commissions.recordNumbered', { id: commission.booking_id })} onClick={() => { setReceiving(commission) }}>{t('commissions.record')}</Button>
                    )
                  }]
                : [])
            ]}
          />}
      {receiving !== undefined && <CommissionPaymentDialog commission={receiving} supplier={names.get(String(receiving.supplier_id)) ?? ''} onClose={() => { setReceiving(undefined) }} />}
    </Stack>
  )
}
