import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { POLICY } from '../packages/contracts/src/policy.js'

/** Where `pnpm dev:web` sends API calls: the running stack's gateway. */
const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000'
/** The first segment of every API route (the policy table's, and the gateway's own `/live`): each goes to the gateway. */
export const apiPaths = [...new Set([...POLICY.map((route) => `/${route.url.split('/')[1] ?? ''}`), '/live'])]

export default defineConfig({
  // The gateway serves the build at /app/; the dev server uses the same base so links are the same in both.
  base: '/app/',
  plugins: [react()],
  resolve: {
    // Plain values of contracts, without the schemas (and their validator) that its index brings along.
    alias: {
      '@travel-crm/contracts/policy': fileURLToPath(new URL('../packages/contracts/src/policy.ts', import.meta.url)),
      '@travel-crm/contracts/browser-session': fileURLToPath(new URL('../packages/contracts/src/browser-session.ts', import.meta.url)),
      '@travel-crm/contracts/trip-status': fileURLToPath(new URL('../packages/contracts/src/trip-status.ts', import.meta.url))
    }
  },
  build: {
    // No inline script in index.html: the gateway's Content-Security-Policy allows scripts from files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    // The charts' chunk is large and loads only with the screens that draw charts; the budget that matters is
    // the first screen's, checked by scripts/size-budget.ts.
    chunkSizeWarningLimit: 600
  },
  server: {
    port: 5173,
    // Same origin for the browser, so the session cookie and its Origin check work as behind the gateway.
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: gateway, changeOrigin: false }]))
  }
})
