import { Group, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQueryClient } from '@tanstack/react-query'
import type { Invoice, Trip } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { addDays, today } from '../format.js'

/** An invoice for a trip: the amount defaults to the trip's price, due in thirty days. */
export function InvoiceFormModal ({ trip, onClose, onSaved }: { trip: Trip, onClose: () => void, onSaved?: (invoice: Invoice) => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm({ initialValues: { amount: trip.price, issue_date: today(), due_date: addDays(today(), 30) } })
  const submit = useApiSubmit(form, async (values) => {
    const invoice = await api.invoices.create({ trip_id: trip.id, ...values })
    await queryClient.invalidateQueries({ queryKey: ['invoices'] })
    onSaved?.(invoice)
    onClose()
  })

  return (
    <FormDialog title={t('invoices.new')} onClose={onClose} {...submit}>
      <TextInput label={`${t('invoices.amount')} (${trip.currency})`} inputMode="decimal" required {...form.getInputProps('amount')} />
      <Group grow>
        <TextInput type="date" label={t('invoices.issueDate')} {...form.getInputProps('issue_date')} />
        <TextInput type="date" label={t('invoices.dueDate')} required {...form.getInputProps('due_date')} />
      </Group>
    </FormDialog>
  )
}
