import { Badge, Button, SegmentedControl } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { may } from '../access.js'
import { useUser } from '../app-context.js'
import { notify, notifyRefusal } from './notify.js'

/** The lists' `archived` choices; `all` (none in the address) is what the API lists by default: the live ones. */
export const ARCHIVED_CHOICES = ['include', 'only'] as const

/** Which records a list shows: the live ones (the default), all of them, or only the archived. */
export function ArchivedFilter ({ value, onChange }: { value: string, onChange: (value: string) => void }) {
  const { t } = useTranslation()
  return (
    <SegmentedControl
      aria-label={t('archive.filter')}
      value={value}
      onChange={onChange}
      data={[{ value: 'all', label: t('archive.live') }, { value: 'include', label: t('archive.include') }, { value: 'only', label: t('archive.only') }]}
    />
  )
}

export function ArchivedBadge ({ archivedAt }: { archivedAt: string | null | undefined }) {
  const { t } = useTranslation()
  if (archivedAt == null) return null
  return <Badge color="gray" variant="filled" autoContrast>{t('archive.badge')}</Badge>
}

/**
 * Archive or restore a client or trip: what one with payments received gets instead of a delete. After either,
 * every list and record of the kind is read again (the record leaves or rejoins the default lists).
 */
export function ArchiveButton ({ collection, archivedAt, move }: {
  collection: '/clients' | '/trips'
  archivedAt: string | null | undefined
  move: (to: 'archive' | 'restore') => Promise<unknown>
}) {
  const { t } = useTranslation()
  const user = useUser()
  const queryClient = useQueryClient()
  const [busy, setBusy] = useState(false)
  const to = archivedAt == null ? 'archive' : 'restore'
  if (!may(user?.role, 'POST', `${collection}/:id/${to}`)) return null
  const act = async () => {
    setBusy(true)
    try {
      await move(to)
      notify({ color: 'teal', message: t(`archive.${to}d`) })
    } catch (error) {
      notifyRefusal(error)
    } finally {
      setBusy(false)
      await queryClient.invalidateQueries({ queryKey: [collection.slice(1)] })
    }
  }
  return <Button variant="outline" loading={busy} onClick={() => { void act() }}>{t(`archive.${to}`)}</Button>
}
