import { Badge } from '@mantine/core'
import type { InvoiceStatus } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'

const STATUS_COLOURS: Record<InvoiceStatus, string> = {
  Pending: 'blue', 'Partially Paid': 'yellow', Paid: 'green', Overdue: 'red', Cancelled: 'gray'
}

export function StatusBadge ({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation()
  return <Badge color={STATUS_COLOURS[status]} variant="filled" autoContrast>{t(`status.${status}`)}</Badge>
}
