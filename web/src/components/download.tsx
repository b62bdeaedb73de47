import { Button } from '@mantine/core'
import { notify } from './notify.js'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { problemMessage } from './page-state.js'

/** Saves what the API sent as a file: through an object URL, as the token must not go into a link. */
export function saveFile ({ name, blob }: { name: string, blob: Blob }): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => { URL.revokeObjectURL(url) }, 10_000)
}

export function DownloadButton ({ label, fetchFile, disabled = false }: { label: string, fetchFile: () => Promise<{ name: string, blob: Blob }>, disabled?: boolean }) {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const download = async () => {
    setBusy(true)
    try {
      saveFile(await fetchFile())
    } catch (error) {
      notify({ color: 'red', title: t('errors.title'), message: problemMessage(error, t) })
    } finally {
      setBusy(false)
    }
  }
  return <Button variant="default" size="xs" loading={busy} disabled={disabled} onClick={() => { void download() }}>{label}</Button>
}
