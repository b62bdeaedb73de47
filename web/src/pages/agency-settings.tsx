import { Button, Card, FileInput, Group, Image, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import type { AgencyLogo, AgencyPayload, AgencySettingsInput } from '@travel-crm/contracts'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/problem.js'
import { useApi } from '../app-context.js'
import { useApiSubmit } from '../components/form-dialog.js'
import { notify } from '../components/notify.js'
import { ErrorState, PageLoader } from '../components/page-state.js'

/** contracts' LOGO_MAX_BYTES: its value, as importing it would bring contracts' schemas into the bundle. */
const LOGO_MAX_BYTES = 100_000

interface AgencyFields extends Record<string, unknown> {
  legal_name: string
  address: string
  vat_number: string
  iban: string
  bic: string
  email: string
  phone: string
  invoice_footer: string
  invoice_number_format: string
}

function fieldsOf (agency?: AgencyPayload): AgencyFields {
  return {
    legal_name: agency?.legal_name ?? '',
    address: agency?.address ?? '',
    vat_number: agency?.vat_number ?? '',
    iban: agency?.iban ?? '',
    bic: agency?.bic ?? '',
    email: agency?.email ?? '',
    phone: agency?.phone ?? '',
    invoice_footer: agency?.invoice_footer ?? '',
    invoice_number_format: agency?.invoice_number_format ?? ''
  }
}

/** The whole settings as the PUT takes them: an empty optional field is null, an empty number format the default. */
function bodyOf (fields: AgencyFields, logo: AgencyLogo | null): AgencySettingsInput {
  const { vat_number: vat, bic, invoice_footer: footer, invoice_number_format: format, ...required } = fields
  return {
    ...required,
    vat_number: vat === '' ? null : vat,
    bic: bic === '' ? null : bic,
    invoice_footer: footer === '' ? null : footer,
    logo,
    ...(format === '' ? {} : { invoice_number_format: format })
  } as AgencySettingsInput
}

async function logoOf (file: File): Promise<AgencyLogo> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return { media_type: file.type === 'image/svg+xml' ? 'image/svg+xml' : 'image/png', data: btoa(binary) }
}

export function AgencySettingsPage () {
  const api = useApi()
  const agency = useQuery({
    queryKey: ['agency'],
    // Before an admin first saves them, there are no details: an empty form, not an error.
    queryFn: async () => await api.agency.get().catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'BILLING_AGENCY_NOT_SET') return null
      throw error
    })
  })
  if (agency.isPending) return <PageLoader />
  if (agency.isError) return <ErrorState error={agency.error} />
  return <AgencyForm agency={agency.data ?? undefined} />
}

function AgencyForm ({ agency }: { agency?: AgencyPayload }) {
  const { t } = useTranslation()
  const api = useApi()
  const queryClient = useQueryClient()
  const form = useForm<AgencyFields>({ initialValues: fieldsOf(agency) })
  const [logo, setLogo] = useState<AgencyLogo | null>(agency?.logo ?? null)
  const [logoError, setLogoError] = useState<string>()
  const submit = useApiSubmit(form, async (values) => {
    const saved = await api.agency.put(bodyOf(values, logo), agency?.version)
    queryClient.setQueryData(['agency'], saved)
    notify({ color: 'teal', message: t('agency.saved') })
  })

  const chooseLogo = async (file: File | null) => {
    setLogoError(undefined)
    if (file === null) return
    if (file.size > LOGO_MAX_BYTES) { setLogoError(t('agency.logoTooLarge')); return }
    setLogo(await logoOf(file))
  }

  return (
    <Stack maw={760}>
      <Title order={2}>{t('agency.title')}</Title>
      <Text>{t('agency.intro')}</Text>
      <Card withBorder>
        <form onSubmit={submit.onSubmit} noValidate>
          <Stack>
            {submit.failure !== undefined && <Text c="red.8" role="alert">{submit.failure}</Text>}
            <TextInput label={t('agency.legalName')} required {...form.getInputProps('legal_name')} />
            <Textarea label={t('agency.address')} required autosize minRows={3} {...form.getInputProps('address')} />
            <Group grow>
              <TextInput label={t('agency.vatNumber')} {...form.getInputProps('vat_number')} />
              <TextInput type="email" label={t('agency.email')} required {...form.getInputProps('email')} />
              <TextInput type="tel" label={t('agency.phone')} required {...form.getInputProps('phone')} />
            </Group>
            <Group grow>
              <TextInput label={t('agency.iban')} required {...form.getInputProps('iban')} />
              <TextInput label={t('agency.bic')} {...form.getInputProps('bic')} />
            </Group>
            <Textarea label={t('agency.footer')} autosize minRows={2} {...form.getInputProps('invoice_footer')} />
            <TextInput label={t('agency.numberFormat')} {...form.getInputProps('invoice_number_format')} />
            <Group align="flex-end">
              <FileInput label={t('agency.logo')} accept="image/png,image/svg+xml" clearable={false} error={logoError} onChange={(file) => { void chooseLogo(file) }} w={320} />
              {logo !== null && (
                <>
                  <Image src={`data:${logo.media_type};base64,${logo.data}`} alt={t('agency.currentLogo')} h={48} w="auto" fit="contain" data-testid="agency-logo" />
                  <Button variant="default" size="xs" onClick={() => { setLogo(null) }}>{t('agency.removeLogo')}</Button>
                </>
              )}
            </Group>
            <Group justify="flex-end"><Button type="submit" loading={submit.submitting}>{t('common.save')}</Button></Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  )
}
