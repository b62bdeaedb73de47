import { Badge } from '@mantine/core'
import type { InvoiceStatus, TripStatus } from '@travel-crm/contracts'
import { useTranslation } from 'react-i18next'

// Filled, in the darkest shades: white (or, on yellow, black) text on them meets AA contrast.
const STATUS_COLOURS: Record<InvoiceStatus, string> = {
  Pending: 'blue', 'Partially Paid': 'yellow', Paid: 'agencyTeal', Overdue: 'red', Cancelled: 'gray'
}

const TRIP_STATUS_COLOURS: Record<TripStatus, string> = {
  inquiry: 'yellow', quoted: 'blue', booked: 'agencyTeal', completed: 'dark', cancelled: 'gray'
}

export function TripStatusBadge ({ status, testId }: { status: TripStatus, testId?: string }) {
  const { t } = useTranslation()
  return <Badge color={TRIP_STATUS_COLOURS[status]} variant="filled" autoContrast data-testid={testId}>{t(`tripStatus.${status}`)}</Badge>
}

export function StatusBadge ({ status, testId }: { status: InvoiceStatus, testId?: string }) {
  const { t } = useTranslation()
  return <Badge color={STATUS_COLOURS[status]} variant="filled" autoContrast data-testid={testId}>{t(`status.${status}`)}</Badge>
}
