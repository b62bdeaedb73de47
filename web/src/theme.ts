import { Alert, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core'

/**
 * Teal, with its two darkest shades darker still: buttons use shade 9 and shade 8 when hovered, and white text
 * must meet WCAG AA contrast (4.5:1) on both; Mantine's teal 8 gives 3.9:1.
 */
const agencyTeal: MantineColorsTuple = ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#38d9a9', '#20c997', '#12b886', '#0ca678', '#087f5b', '#066649']

export const theme = createTheme({
  colors: { agencyTeal },
  primaryColor: 'agencyTeal',
  primaryShade: 9,
  // Keyboard users always see where they are.
  focusRing: 'auto',
  defaultRadius: 'sm',
  components: {
    // The kit colours alert titles with the alert's light shade, below AA contrast on its pale background.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } })
  }
})

/**
 * Error text at the fields in a red, and secondary text (field descriptions) in a grey, dark enough for AA
 * contrast on white: the kit's defaults are 3.3:1.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-error': 'var(--mantine-color-red-9)', '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {}
})
