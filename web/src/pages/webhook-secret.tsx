import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/** A signing secret, shown this once: the server keeps it sealed and never shows it again. */
export function SecretOnce ({ title, secret, note, onClose }: { title: string, secret: string, note?: string, onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <Modal opened onClose={onClose} closeButtonProps={{ 'aria-label': t('common.close') }} title={title}>
      <Stack>
        <Alert color="orange" role="status">{t('webhooks.secretOnce')}</Alert>
        {note !== undefined && <Text size="sm">{note}</Text>}
        <Code block data-testid="signing-secret">{secret}</Code>
        <Group justify="flex-end">
          <CopyButton value={secret}>
            {({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? t('webhooks.copied') : t('webhooks.copy')}</Button>}
          </CopyButton>
          <Button onClick={onClose}>{t('webhooks.secretKept')}</Button>
        </Group>
      </Stack>
    </Modal>
  )
}
