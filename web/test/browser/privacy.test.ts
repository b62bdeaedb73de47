import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectAccessible, settingUp, signIn, startWorld, type World } from './harness.js'

/**
 * A client's rights in the browser: an admin reads the client's history, downloads everything held about them
 * and erases them (with a reason and the name typed out); the erasure shows in the history. Agents and analysts
 * see none of it.
 */
describe('history and personal data of a client, in the browser', () => {
  let world: World
  let clientId = 0
  const name = 'Ingrid Raderas'

  beforeAll(async () => {
    world = await startWorld()
    const { created } = settingUp(await world.asPerson(world.agent))
    clientId = await created('/clients', { name, email: 'ingrid.erase@example.com', phone: '+46 8 555 0100', company: 'Raderas AB' })
  })

  afterAll(async () => { await world?.close() })

  it('shows an agent and an analyst neither the history nor the personal data actions', async () => {
    for (const person of [world.agent, world.analyst]) {
      const page = await signIn(world, person)
      await page.goto(`${world.stack.gatewayUrl}/app/clients/${clientId}`)
      await page.getByRole('heading', { name }).waitFor()
      // The page is whole (its notes are drawn) before the absence of the admin's actions is counted.
      await page.getByRole('heading', { name: 'Notes' }).waitFor()
      expect(await page.getByRole('button', { name: 'Erase personal data' }).count(), person.role).toBe(0)
      expect(await page.getByRole('button', { name: 'Download personal data' }).count(), person.role).toBe(0)
      expect(await page.getByRole('heading', { name: 'History' }).count(), person.role).toBe(0)
      await page.context().close()
    }
  })

  it('lets an admin download the client\'s personal data, erase them, and see the erasure in the history', async () => {
    const admin: Page = await signIn(world, world.admin)
    await admin.goto(`${world.stack.gatewayUrl}/app/clients/${clientId}`)
    await admin.getByRole('heading', { name }).waitFor()
    const history = admin.getByRole('table', { name: 'History' })
    // The audit trail is built from the events: the creation shows once reporting has read it.
    await expect.poll(async () => {
      await admin.getByRole('button', { name: 'Download history CSV' }).waitFor()
      if (await history.getByText('Creation', { exact: true }).count() > 0) return true
      await admin.reload()
      return false
    }, { timeout: 20_000 }).toBe(true)
    expect(await history.getByText(`name: — → ${name}`).count()).toBe(1)
    await expectAccessible(admin, 'client with its history')

    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Download personal data' }).click()])
    expect(download.suggestedFilename()).toBe(`personal-data-client-${clientId}.json`)
    expect(readFileSync(await download.path(), 'utf8')).toContain('ingrid.erase@example.com')

    await admin.getByRole('button', { name: 'Erase personal data' }).click()
    const dialog = admin.getByRole('dialog')
    await dialog.getByLabel('Reason').fill('The client asked to be forgotten (GDPR article 17).')
    await dialog.getByLabel(/Type the client's name/).fill('Ingrid')
    await expectAccessible(admin, 'erase dialog')
    await dialog.getByRole('button', { name: 'Erase for good' }).click()
    // A name that is not the client's is not a confirmation: nothing is erased.
    await dialog.getByText('Type the client\'s name exactly as shown.').waitFor()
    await dialog.getByLabel(/Type the client's name/).fill(name)
    await dialog.getByRole('button', { name: 'Erase for good' }).click()

    await admin.getByRole('heading', { name: `Erased client ${clientId}` }).waitFor()
    await expect.poll(async () => {
      if (await history.getByText('Erasure', { exact: true }).count() > 0) return true
      await admin.reload()
      await admin.getByRole('heading', { name: `Erased client ${clientId}` }).waitFor()
      return false
    }, { timeout: 20_000 }).toBe(true)
    expect(await history.getByText('The client asked to be forgotten (GDPR article 17).').count()).toBe(1)
    // The trail forgets the erased values too: neither the record nor its history shows them any more.
    await expect.poll(async () => {
      if (await admin.getByText('ingrid.erase@example.com').count() === 0) return true
      await admin.reload()
      await admin.getByRole('heading', { name: `Erased client ${clientId}` }).waitFor()
      return false
    }, { timeout: 20_000 }).toBe(true)
    expect(await admin.getByText(name).count()).toBe(0)
    await expectAccessible(admin, 'erased client with its history')
  })
})
