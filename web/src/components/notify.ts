import { notifications } from '@mantine/notifications'
import i18next from 'i18next'
import { problemMessage } from './page-state.js'

/**
 * A notification whose close button has a name a screen reader can say (the kit leaves it unnamed), and whose
 * text under a title is in the text colour (the kit dims it below WCAG contrast).
 */
export function notify (notification: { color: string, title?: string, message: string, autoClose?: number }): void {
  notifications.show({ ...notification, closeButtonProps: { 'aria-label': i18next.t('common.close') }, styles: { description: { color: 'var(--mantine-color-text)' } } })
}

/** A refusal of the API (or a failure to reach it), in the app's language, as every screen reports one. */
export function notifyRefusal (error: unknown, options: { autoClose?: number } = {}): void {
  notify({ color: 'red', title: i18next.t('errors.title'), message: problemMessage(error, (key, values) => i18next.t(key, values)), ...options })
}
