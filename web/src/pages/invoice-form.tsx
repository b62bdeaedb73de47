import { ActionIcon, Button, Group, SegmentedControl, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQueryClient } from '@tanstack/react-query'
import type { Invoice, Trip } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { addDays, compareMoney, formatDay, formatMoney, today } from '../format.js'
import { installmentsSum, invoiceBody, type DueMode, type InvoiceFields } from '../installment-plan.js'

/**
 * An invoice for a trip: the amount defaults to the trip's price, due in thirty days, or as a deposit and a
 * balance before departure, or in parts listed by hand whose sum is shown as they are typed.
 */
export function InvoiceFormModal ({ trip, onClose, onSaved }: { trip: Trip, onClose: () => void, onSaved?: (invoice: Invoice) => void }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm<InvoiceFields>({
    initialValues: {
      mode: 'single',
      amount: trip.price,
      issue_date: today(),
      due_date: addDays(today(), 30),
      schedule: { deposit_percent: '20', balance_days_before_departure: '45' },
      installments: [{ due_date: today(), amount: '' }, { due_date: addDays(today(), 30), amount: '' }]
    },
    validate: {
      installments: (installments, values) => {
        if (values.mode !== 'installments') return undefined
        const total = installmentsSum(values.amount, installments)
        if (total === undefined) return t('installments.amountFormat')
        return compareMoney(total.left, '0.00') === 0 ? undefined : t('installments.mismatch', { amount: formatMoney(values.amount.trim(), trip.currency, i18n.language) })
      }
    }
  })
  const submit = useApiSubmit(form, async (values) => {
    const invoice = await api.invoices.create(invoiceBody(trip.id, values))
    await queryClient.invalidateQueries({ queryKey: ['invoices'] })
    onSaved?.(invoice)
    onClose()
  })
  const values = form.getValues()
  const total = installmentsSum(values.amount, values.installments)
  const money = (amount: string) => formatMoney(amount, trip.currency, i18n.language)

  return (
    <FormDialog title={t('invoices.new')} onClose={onClose} {...submit}>
      <TextInput label={`${t('invoices.amount')} (${trip.currency})`} inputMode="decimal" required {...form.getInputProps('amount')} />
      <TextInput type="date" label={t('invoices.issueDate')} {...form.getInputProps('issue_date')} />
      <SegmentedControl
        aria-label={t('installments.how')}
        data={(['single', 'schedule', 'installments'] as const).map((mode) => ({ value: mode, label: t(`installments.modes.${mode}`) }))}
        value={values.mode}
        onChange={(mode) => { form.setFieldValue('mode', mode as DueMode) }}
      />
      {values.mode === 'single' && <TextInput type="date" label={t('invoices.dueDate')} required {...form.getInputProps('due_date')} />}
      {values.mode === 'schedule' && (
        <Stack gap="xs">
          <Group grow>
            <TextInput label={t('installments.depositPercent')} inputMode="decimal" required {...form.getInputProps('schedule.deposit_percent')} />
            <TextInput label={t('installments.balanceDays')} inputMode="numeric" required {...form.getInputProps('schedule.balance_days_before_departure')} />
          </Group>
          <Text size="sm">{t('installments.scheduleHint', { departure: formatDay(trip.start_date, i18n.language) })}</Text>
          {typeof form.errors['schedule'] === 'string' && <Text c="red.8" size="sm" role="alert">{form.errors['schedule']}</Text>}
        </Stack>
      )}
      {values.mode === 'installments' && (
        <Stack gap="xs">
          {values.installments.map((installment, index) => (
            <Group key={form.key(`installments.${index}`)} align="flex-end" wrap="nowrap">
              <TextInput type="date" label={t('installments.dueNumbered', { number: index + 1 })} required {...form.getInputProps(`installments.${index}.due_date`)} />
              <TextInput label={t('installments.amountNumbered', { number: index + 1 })} inputMode="decimal" required {...form.getInputProps(`installments.${index}.amount`)} />
              <ActionIcon
                variant="default"
                size="lg"
                mb={2}
                aria-label={t('installments.removeNumbered', { number: index + 1 })}
                disabled={values.installments.length === 1}
                onClick={() => { form.removeListItem('installments', index) }}
              >×</ActionIcon>
            </Group>
          ))}
          <Group justify="space-between">
            <Button variant="default" size="xs" onClick={() => { form.insertListItem('installments', { due_date: addDays(values.installments.at(-1)?.due_date ?? today(), 30), amount: '' }) }}>{t('installments.add')}</Button>
            <Text size="sm" data-testid="installments-sum" c={total !== undefined && compareMoney(total.left, '0.00') === 0 ? undefined : 'red.8'} aria-live="polite">
              {total === undefined
                ? t('installments.amountFormat')
                : t('installments.sum', { sum: money(total.sum), amount: money(values.amount.trim()), left: money(total.left) })}
            </Text>
          </Group>
          {typeof form.errors['installments'] === 'string' && <Text c="red.8" size="sm" role="alert">{form.errors['installments']}</Text>}
        </Stack>
      )}
    </FormDialog>
  )
}
