import { notifications } from '@mantine/notifications'
import i18next from 'i18next'

/**
 * A notification whose close button has a name a screen reader can say (the kit leaves it unnamed), and whose
 * text under a title is in the text colour (the kit dims it below WCAG contrast).
 */
export function notify (notification: { color: string, title?: string, message: string, autoClose?: number }): void {
  notifications.show({ ...notification, closeButtonProps: { 'aria-label': i18next.t('common.close') }, styles: { description: { color: 'var(--mantine-color-text)' } } })
}
