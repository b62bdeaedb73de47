/**
 * The stack's processes, in the order `pnpm start` starts them (the gateway last, once its upstreams are on the
 * way), and where each one's bundle is: `pnpm build` writes it (scripts/bundle.ts) and every starter runs it
 * (`pnpm start`, the testkit's stacks, the image). No dependencies: the compiled launcher imports this.
 */
export const PROCESS_DIRS = {
  auth: 'services/auth',
  crm: 'services/crm',
  billing: 'services/billing',
  reporting: 'services/reporting',
  webhooks: 'services/webhooks',
  gateway: 'gateway'
} as const

export type ProcessName = keyof typeof PROCESS_DIRS

/** The processes by name, in that order. */
export const PROCESS_NAMES = Object.keys(PROCESS_DIRS) as readonly ProcessName[]

/**
 * A process's one file, relative to the repository (and to /app in the image). It sits in the process's own
 * directory so that what it loads at run time (its externals, `createRequire(import.meta.url)`) resolves from
 * there as the compiled `dist/main.js` did.
 */
export function bundledEntry (name: ProcessName): string {
  return `${PROCESS_DIRS[name]}/bundle/main.js`
}

/** The launcher `pnpm start` runs with plain node once the build is fresh (scripts/start.ts, bundled). */
export const LAUNCHER = 'scripts/bundle/start.js'
