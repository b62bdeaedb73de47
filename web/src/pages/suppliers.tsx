import { Button, Group, Select, Stack, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Supplier } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { may } from '../access.js'
import { useApi, useUser } from '../app-context.js'
import { SUPPLIER_KINDS } from '../crm-lists.js'
import { PAGE_SIZE, Table } from '../components/data-table.js'
import { FormDialog, useApiSubmit } from '../components/form-dialog.js'
import { notify, notifyRefusal } from '../components/notify.js'
import { ErrorState } from '../components/page-state.js'
import { TheirVersion, useGuardedEdit } from '../components/version-guard.js'

interface SupplierFields extends Record<string, unknown> {
  name: string
  kind: string
  email: string
  phone: string
  default_commission_rate: string
}

function fieldsOf (supplier?: Supplier): SupplierFields {
  return {
    name: supplier?.name ?? '',
    kind: supplier?.kind ?? 'hotel',
    email: supplier?.email ?? '',
    phone: supplier?.phone ?? '',
    default_commission_rate: supplier?.default_commission_rate ?? '0.00'
  }
}

/** An emptied email or phone is null: the supplier has none. */
function bodyOf (fields: Partial<SupplierFields>) {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, (key === 'email' || key === 'phone') && value === '' ? null : value]))
}

function SupplierFormModal ({ supplier, onClose }: { supplier?: Supplier, onClose: () => void }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm<SupplierFields>({ initialValues: fieldsOf(supplier) })
  const guard = useGuardedEdit(form, supplier, async () => await api.suppliers.get(supplier?.id ?? 0), fieldsOf)
  const submit = useApiSubmit(form, async (values) => {
    if (supplier === undefined) {
      await api.suppliers.create(bodyOf(values) as Parameters<typeof api.suppliers.create>[0])
    } else {
      const changes = guard.changes(values)
      if (Object.keys(changes).length > 0) await api.suppliers.update(supplier.id, bodyOf(changes), guard.version)
    }
    await queryClient.invalidateQueries({ queryKey: ['suppliers'] })
    onClose()
  }, { caught: guard.caught })
  return (
    <FormDialog title={supplier === undefined ? t('suppliers.new') : t('suppliers.edit')} onClose={onClose} {...submit}>
      {guard.notice}
      {guard.theirs !== undefined && <TheirVersion details={[guard.theirs.name, guard.theirs.email, guard.theirs.phone, guard.theirs.default_commission_rate]} />}
      <TextInput label={t('suppliers.name')} required {...form.getInputProps('name')} />
      <Select label={t('suppliers.kind')} required allowDeselect={false} data={SUPPLIER_KINDS.map((kind) => ({ value: kind, label: t(`supplierKinds.${kind}`) }))} {...form.getInputProps('kind')} />
      <Group grow>
        <TextInput type="email" label={t('suppliers.email')} {...form.getInputProps('email')} />
        <TextInput type="tel" label={t('suppliers.phone')} {...form.getInputProps('phone')} />
      </Group>
      <TextInput label={t('suppliers.rate')} inputMode="decimal" {...form.getInputProps('default_commission_rate')} />
    </FormDialog>
  )
}

/** The airlines, hotels and others the agency books with; one still referred to by bookings stays (409). */
export function SuppliersPage () {
  const { t } = useTranslation()
  const api = useApi()
  const user = useUser()
  const queryClient = useQueryClient()
  const [name, setName] = useState('')
  const [debounced] = useDebouncedValue(name.trim(), 250)
  const [page, setPage] = useState(1)
  const [editing, setEditing] = useState<Supplier | 'new'>()
  const suppliers = useQuery({
    queryKey: ['suppliers', 'list', debounced, page],
    queryFn: () => api.suppliers.list({ name: debounced, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    placeholderData: keepPreviousData
  })

  const remove = async (supplier: Supplier) => {
    if (!window.confirm(t('suppliers.confirmDelete', { name: supplier.name }))) return
    try {
      await api.suppliers.remove(supplier.id)
      notify({ color: 'teal', message: t('suppliers.deleted', { name: supplier.name }) })
    } catch (error) {
      notifyRefusal(error)
    }
    await queryClient.invalidateQueries({ queryKey: ['suppliers'] })
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('suppliers.title')}</Title>
        {may(user?.role, 'POST', '/suppliers') && <Button onClick={() => { setEditing('new') }}>{t('suppliers.new')}</Button>}
      </Group>
      <TextInput type="search" label={t('suppliers.name')} value={name} onChange={(event) => { setName(event.currentTarget.value); setPage(1) }} />
      {suppliers.isError
        ? <ErrorState error={suppliers.error} />
        : <Table<Supplier>
            aria-label={t('suppliers.title')}
            records={suppliers.data?.items ?? []}
            fetching={suppliers.isFetching}
            totalRecords={suppliers.data?.total ?? 0}
            recordsPerPage={PAGE_SIZE}
            page={page}
            onPageChange={setPage}
            columns={[
              { accessor: 'name', title: t('suppliers.name') },
              { accessor: 'kind', title: t('suppliers.kind'), render: (supplier) => t(`supplierKinds.${supplier.kind}`) },
              { accessor: 'email', title: t('suppliers.email'), render: (supplier) => supplier.email ?? '—' },
              { accessor: 'phone', title: t('suppliers.phone'), render: (supplier) => supplier.phone ?? '—' },
              { accessor: 'default_commission_rate', title: t('suppliers.rate'), textAlign: 'right' },
              {
                accessor: 'actions',
                title: t('common.actions'),
                render: (supplier) => (
                  <Group gap="xs" wrap="nowrap">
                    {may(user?.role, 'PATCH', '/suppliers/:id') && <Button size="compact-xs" variant="default" aria-label={t('suppliers.editNamed', { name: supplier.name })} onClick={() => { setEditing(supplier) }}>{t('common.edit')}</Button>}
                    {may(user?.role, 'DELETE', '/suppliers/:id') && <Button size="compact-xs" color="red" variant="outline" aria-label={t('suppliers.deleteNamed', { name: supplier.name })} onClick={() => { void remove(supplier) }}>{t('common.delete')}</Button>}
                  </Group>
                )
              }
            ]}
          />}
      {editing !== undefined && <SupplierFormModal {...(editing === 'new' ? {} : { supplier: editing })} onClose={() => { setEditing(undefined) }} />}
    </Stack>
  )
}
