import { createTheme } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'teal',
  // The darkest shade: white text on it meets WCAG AA contrast (teal's default shade does not).
  primaryShade: 9,
  // Keyboard users always see where they are.
  focusRing: 'auto',
  defaultRadius: 'sm'
})
