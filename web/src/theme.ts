import { Alert, createTheme, type CSSVariablesResolver } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'teal',
  // The darkest shade: white text on it meets WCAG AA contrast (teal's default shade does not).
  primaryShade: 9,
  // Keyboard users always see where they are.
  focusRing: 'auto',
  defaultRadius: 'sm',
  components: {
    // The kit colours alert titles with the alert's light shade, below AA contrast on its pale background.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } })
  }
})

/** Error text at the fields in a red dark enough for AA contrast on white (the kit's default red is 3.3:1). */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {}
})
