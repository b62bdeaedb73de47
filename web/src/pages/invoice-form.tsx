import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQueryClient } from '@tanstack/react-query'
import type { Invoice, Trip } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../app-context.js'
import { addDays, today } from '../format.js'
import { problemMessage } from '../components/page-state.js'
import { showServerErrors } from '../components/server-form.js'

/** An invoice for a trip: the amount defaults to the trip's price, due in thirty days. */
export function InvoiceFormModal ({ trip, onClose, onSaved }: { trip: Trip, onClose: () => void, onSaved?: (invoice: Invoice) => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm({ initialValues: { amount: trip.price, issue_date: today(), due_date: addDays(today(), 30) } })
  const [failure, setFailure] = useState<string>()

  const submit = form.onSubmit(async (values) => {
    setFailure(undefined)
    try {
      const invoice = await api.invoices.create({ trip_id: trip.id, ...values })
      await queryClient.invalidateQueries({ queryKey: ['invoices'] })
      onSaved?.(invoice)
      onClose()
    } catch (error) {
      if (!showServerErrors(form, error)) setFailure(problemMessage(error, t))
    }
  })

  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('invoices.new')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure !== undefined && <Alert color="red" role="alert">{failure}</Alert>}
          <TextInput label={`${t('invoices.amount')} (${trip.currency})`} inputMode="decimal" required {...form.getInputProps('amount')} />
          <Group grow>
            <TextInput type="date" label={t('invoices.issueDate')} {...form.getInputProps('issue_date')} />
            <TextInput type="date" label={t('invoices.dueDate')} required {...form.getInputProps('due_date')} />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="submit" loading={form.submitting}>{t('common.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
