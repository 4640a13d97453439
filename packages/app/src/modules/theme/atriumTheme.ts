import { createUnifiedTheme, palettes } from '@backstage/theme';

/**
 * Backstage's light theme with the colours Atrium puts text on raised to WCAG AA
 * (4.5:1). Material UI's defaults, which Backstage keeps, give white chip text
 * 4.18:1 on secondary (#f50057), 2.77:1 on success (#4caf50), 3.68:1 on error
 * (#f44336) and 3.1:1 on info (#2196f3), and grey helper text (54 % black, #717171
 * on #f5f5f5) 4.47:1. The replacements are Material's darker shades of the same hues.
 */
export const atriumLightTheme = createUnifiedTheme({
  palette: {
    ...palettes.light,
    secondary: { main: '#c51162' }, // 5.8:1 with white
    success: { main: '#2e7d32' }, // 5.1:1
    error: { main: '#c62828' }, // 5.6:1
    info: { main: '#1565c0' }, // 5.8:1
    text: {
      primary: 'rgba(0, 0, 0, 0.87)',
      // 60 % black: 5.6:1 on the #f5f5f5 of filters and table rows.
      secondary: 'rgba(0, 0, 0, 0.6)',
      disabled: 'rgba(0, 0, 0, 0.38)',
      hint: 'rgba(0, 0, 0, 0.38)',
    },
  },
});
