import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { startStack, type Stack } from '@travel-crm/testkit'

export const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))

/** Debian's Chromium, headless, with nothing that reaches out to the network by itself. */
export async function launchChromium (): Promise<Browser> {
  return await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}

export interface Person { username: string, password: string, role: 'admin' | 'agent' | 'analyst' }

export interface World {
  stack: Stack
  browser: Browser
  admin: Person
  agent: Person
  analyst: Person
  /** The gateway's API as a person (for what happens "elsewhere": another user's change). */
  asPerson: (person: Person) => Promise<(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>>
  close: () => Promise<void>
}

/** One stack and one browser for the whole browser suite; a user of each role. */
export async function startWorld (): Promise<World> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // Loopback is not rate limited here: the suite makes many requests from one address within a minute.
  const stack = await startStack({ env: { RATE_LIMIT_ALLOW: 'loopback', LIVE_HEARTBEAT_MS: '5000' } })
  const browser = await launchChromium().catch(async (error: unknown) => { await stack.stop(); throw error })
  const admin: Person = { ...stack.admin, role: 'admin' }
  const asPerson = async (person: Person) => {
    const login = await fetch(`${stack.gatewayUrl}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: person.username, password: person.password }) })
    const { access_token: token } = await login.json() as { access_token: string }
    return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => await fetch(`${stack.gatewayUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  }
  const asAdmin = await asPerson(admin)
  const agent: Person = { username: 'ana.agent', password: 'ana-agent-password', role: 'agent' }
  const analyst: Person = { username: 'oskar.analyst', password: 'oskar-analyst-password', role: 'analyst' }
  for (const person of [agent, analyst]) {
    const response = await asAdmin('POST', '/register', person)
    if (response.status !== 201) throw new Error(`could not register ${person.username}: ${await response.text()}`)
  }
  return {
    stack,
    browser,
    admin,
    agent,
    analyst,
    asPerson,
    close: async () => {
      await browser.close()
      await stack.stop()
    }
  }
}

/** The API as one person, answers as they come (`World.asPerson`). */
export type Api = Awaited<ReturnType<World['asPerson']>>

/**
 * A test's data set up through the API before a browser looks at it: `created` POSTs and wants 201, `changed`
 * PATCHes and wants 200; each gives the record's id, or throws naming the call and its answer.
 */
export function settingUp (api: Api): { created: (path: string, body: object) => Promise<number>, changed: (path: string, body: object) => Promise<number> } {
  const call = async (method: string, path: string, body: object, expected: number): Promise<number> => {
    const response = await api(method, path, body)
    if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return (await response.json() as { id: number }).id
  }
  return {
    created: async (path, body) => await call('POST', path, body, 201),
    changed: async (path, body) => await call('PATCH', path, body, 200)
  }
}

/** Signs in through the login screen, with the keyboard only, as a person without a mouse would. */
export async function signIn (world: World, person: Person, context?: BrowserContext): Promise<Page> {
  const ownContext = context ?? await world.browser.newContext({ acceptDownloads: true, locale: 'en-GB', viewport: { width: 1280, height: 860 } })
  const page = await ownContext.newPage()
  await page.goto(`${world.stack.gatewayUrl}/app/`)
  await page.getByLabel('Username').waitFor()
  await expect.poll(async () => await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('username')
  await page.keyboard.type(person.username)
  await page.keyboard.press('Tab')
  await page.keyboard.type(person.password)
  await page.keyboard.press('Enter')
  await page.getByTestId('signed-in-user').filter({ hasText: person.username }).waitFor()
  return page
}

/** axe-core on the screen as it is now: no serious or critical violation. */
export async function expectAccessible (page: Page, screen: string): Promise<void> {
  // A screen is judged once it has settled: text fading in or out (a list's empty state leaving as its rows
  // arrive) is faint for a moment, and axe would flag that moment as low contrast. Endless animations (a live
  // indicator) never end and are left out.
  await page.waitForFunction(() => document.getAnimations().every((animation) =>
    animation.playState !== 'running' || animation.effect?.getTiming().iterations === Infinity), undefined, { timeout: 10_000 })
  // With a dialog open, the page behind it is out of reach (focus is trapped in the dialog) and dimmed by its
  // overlay: the dialog is what a person can use, so it is what is checked.
  const dialogOpen = await page.getByRole('dialog').count() > 0
  const results = await (dialogOpen ? new AxeBuilder({ page }).include('[role="dialog"]') : new AxeBuilder({ page })).analyze()
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.slice(0, 3).map((node) => `${node.target.join(' ')} (${node.failureSummary ?? ''})`).join(', ')}`)
  expect(serious, `accessibility of ${screen}`).toEqual([])
}

export async function screenshot (page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: false })
}
