import { useTranslation } from 'react-i18next'
import { formatDay, formatMoney } from '../format.js'

export function Money ({ amount, currency }: { amount: string, currency: string }) {
  const { i18n } = useTranslation()
  return <>{formatMoney(amount, currency, i18n.language)}</>
}

export function Day ({ day }: { day: string }) {
  const { i18n } = useTranslation()
  return <>{formatDay(day, i18n.language)}</>
}
