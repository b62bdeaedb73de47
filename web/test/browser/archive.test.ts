import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { expectAccessible, settingUp, signIn, startWorld, type World } from './harness.js'

/**
 * Money history in the browser: a client with a payment received cannot be deleted (the screen says why and
 * what to do instead), is archived, leaves the list unless asked for, and is restored; a trip the same.
 */
describe('archiving instead of deleting, in the browser', () => {
  let world: World
  let admin: Page
  let clientId = 0
  let tripId = 0

  beforeAll(async () => {
    world = await startWorld()
    const { created } = settingUp(await world.asPerson(world.agent))
    clientId = await created('/clients', { name: 'Marta Archivada', email: 'marta.archive@example.com', phone: '+34 91 555 0100' })
    tripId = await created('/trips', { client_id: clientId, destination: 'Seville', start_date: '2027-03-01', end_date: '2027-03-05', price: '800.00' })
    const invoiceId = await created('/invoices', { trip_id: tripId, due_date: '2035-01-10', amount: '800.00' })
    await created('/payments', { invoice_id: invoiceId, amount: '200.00', payment_method: 'card' })
    // crm hears of the payment through billing's events, as the read models do: wait until those hold it.
    const asAdmin = await world.asPerson(world.admin)
    await eventually(async () => {
      expect(JSON.stringify(await (await asAdmin('GET', '/reports/revenue-by-client')).json())).toContain(`"client_id":${clientId}`)
    })
  })

  afterAll(async () => { await world?.close() })

  it('explains a refused delete of a client with payments, archives it out of the list, and restores it', async () => {
    admin = await signIn(world, world.admin)
    admin.on('dialog', (dialog) => { void dialog.accept() })
    await admin.goto(`${world.stack.gatewayUrl}/app/clients/${clientId}`)
    await admin.getByRole('heading', { name: 'Marta Archivada' }).waitFor()
    await admin.getByRole('button', { name: 'Delete' }).click()
    await expect.poll(async () => await admin.getByText('Payments received on this client\'s trips: 1. Money received is kept: archive the client instead.').isVisible()).toBe(true)
    expect(admin.url()).toMatch(new RegExp(`/clients/${clientId}$`))

    await admin.getByRole('button', { name: 'Archive' }).click()
    await expect.poll(async () => await admin.getByText('Archived', { exact: true }).isVisible()).toBe(true)
    expect(await admin.getByRole('button', { name: 'New trip' }).count()).toBe(0)
    await expectAccessible(admin, 'archived client')

    await admin.getByRole('link', { name: 'Clients' }).click()
    const list = admin.getByRole('table', { name: 'Clients' })
    await list.waitFor()
    await expect.poll(async () => await list.getByRole('link', { name: 'Marta Archivada' }).count()).toBe(0)
    await admin.getByText('Archived only').click()
    await expect.poll(async () => await list.getByRole('link', { name: 'Marta Archivada' }).count()).toBe(1)
    expect(admin.url()).toContain('archived=only')

    await list.getByRole('link', { name: 'Marta Archivada' }).click()
    await admin.getByRole('button', { name: 'Restore' }).click()
    await expect.poll(async () => await admin.getByRole('button', { name: 'Archive' }).isVisible()).toBe(true)
    expect(await admin.getByText('Archived', { exact: true }).count()).toBe(0)
  })

  it('refuses the paid trip\'s delete the same way, archives it and restores it', async () => {
    await admin.goto(`${world.stack.gatewayUrl}/app/trips/${tripId}`)
    await admin.getByRole('heading', { name: 'Trip to Seville' }).waitFor()
    const asAdmin = await world.asPerson(world.admin)
    const refused = await asAdmin('DELETE', `/trips/${tripId}`)
    expect(refused.status).toBe(409)
    await admin.getByRole('button', { name: 'Archive' }).click()
    await expect.poll(async () => await admin.getByText('Archived', { exact: true }).isVisible()).toBe(true)
    expect(await admin.getByRole('button', { name: 'New invoice' }).count()).toBe(0)
    await admin.getByRole('button', { name: 'Restore' }).click()
    await expect.poll(async () => await admin.getByRole('button', { name: 'New invoice' }).isVisible()).toBe(true)
  })
})
