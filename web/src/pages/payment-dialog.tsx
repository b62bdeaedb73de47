import { NativeSelect, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQueryClient } from '@tanstack/react-query'
import type { Invoice } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/problem.js'
import { useApi } from '../app-context.js'
import { compareMoney, formatMoney, subtractMoney, today } from '../format.js'
import { problemMessage } from '../components/page-state.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'

const METHODS = ['card', 'bank transfer', 'cash'] as const

/** What the server's refusal of a payment says, in the reader's language when it names the balance (422). */
function paymentRefusal (error: unknown, currency: string, language: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (error instanceof ApiError && error.status === 422 && typeof error.problem['balance'] === 'string') {
    return t('payments.aboveBalance', { balance: formatMoney(error.problem['balance'], currency, language) })
  }
  return problemMessage(error, t)
}

/**
 * Records a payment on an invoice. One key per opening of the dialog goes with every attempt as
 * `Idempotency-Key`, so a double click, or a retry after a lost answer, records one payment.
 */
export function PaymentDialog ({ invoice, onClose }: { invoice: Invoice, onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const balance = subtractMoney(invoice.amount, invoice.paid_amount)
  const form = useForm({
    initialValues: { amount: balance, payment_method: 'card', payment_date: today(), reference: '' },
    validate: {
      amount: (value) => !/^\d+(\.\d{1,2})?$/.test(value.trim()) ? t('payments.amountFormat')
        : compareMoney(value.trim(), balance) > 0 ? t('payments.aboveBalance', { balance: formatMoney(balance, invoice.currency, i18n.language) })
          : undefined
    }
  })

  const submit = useApiSubmit(form, async (values) => {
    await api.payments.create({
      invoice_id: invoice.id,
      amount: values.amount.trim(),
      payment_method: values.payment_method,
      payment_date: values.payment_date,
      ...(values.reference.trim() === '' ? {} : { reference: values.reference.trim() })
    }, idempotencyKey)
    await Promise.all(['invoices', 'payments', 'statement', 'dashboard'].map(async (key) => { await queryClient.invalidateQueries({ queryKey: [key] }) }))
    onClose()
  }, { explain: (error) => paymentRefusal(error, invoice.currency, i18n.language, t) })

  return (
    <FormDialog title={t('payments.record')} onClose={onClose} submitLabel={t('payments.submit')} {...submit}>
      <Text>{t('payments.openBalance')}: <strong data-testid="open-balance">{formatMoney(balance, invoice.currency, i18n.language)}</strong></Text>
      <TextInput label={`${t('payments.amount')} (${invoice.currency})`} inputMode="decimal" required {...form.getInputProps('amount')} />
      <NativeSelect label={t('payments.method')} data={METHODS.map((method) => ({ value: method, label: t(`payments.methods.${method}`) }))} {...form.getInputProps('payment_method')} />
      <TextInput type="date" label={t('payments.date')} {...form.getInputProps('payment_date')} />
      <TextInput label={t('payments.reference')} {...form.getInputProps('reference')} />
    </FormDialog>
  )
}
