import { Badge } from '@mantine/core'
import type { InvoiceStatus } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'

// Filled, in the darkest shades: white (or, on yellow, black) text on them meets AA contrast.
const STATUS_COLOURS: Record<InvoiceStatus, string> = {
  Pending: 'blue', 'Partially Paid': 'yellow', Paid: 'agencyTeal', Overdue: 'red', Cancelled: 'gray'
}

export function StatusBadge ({ status, testId }: { status: InvoiceStatus, testId?: string }) {
  const { t } = useTranslation()
  return <Badge color={STATUS_COLOURS[status]} variant="filled" autoContrast data-testid={testId}>{t(`status.${status}`)}</Badge>
}
