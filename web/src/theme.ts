import { createTheme } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'teal',
  // Darker shades than Mantine's defaults, so that white text on buttons meets WCAG AA contrast.
  primaryShade: 8,
  // Keyboard users always see where they are.
  focusRing: 'auto',
  defaultRadius: 'sm'
})
