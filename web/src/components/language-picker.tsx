import { NativeSelect } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { chooseLanguage, LANGUAGES, type Language } from '../i18n/index.js'

export function LanguagePicker () {
  const { t, i18n } = useTranslation()
  return (
    <NativeSelect
      aria-label={t('nav.language')}
      size="xs"
      value={i18n.language}
      onChange={(event) => { chooseLanguage(event.currentTarget.value as Language) }}
      data={Object.entries(LANGUAGES).map(([value, label]) => ({ value, label }))}
    />
  )
}
