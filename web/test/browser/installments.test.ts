import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eventually } from '@travel-crm/testkit'
import { expectAccessible, screenshot, settingUp, signIn, startWorld, type World } from './harness.js'

/**
 * Money over time in the browser: an invoice owed as a deposit and a balance, paid one installment at a time,
 * and a supplier's commission on a booking received and recorded.
 */
describe('installments and commissions, in the browser', () => {
  let world: World
  let agent: Page
  let tripId = 0
  let supplierId = 0
  let bookingId = 0

  beforeAll(async () => {
    world = await startWorld()
    const api = await world.asPerson(world.agent)
    const { created } = settingUp(api)
    supplierId = await created('/suppliers', { name: 'Hotel Alhambra Palace', kind: 'hotel', default_commission_rate: '12.00' })
    const clientId = await created('/clients', { name: 'Lucía Plazos', email: 'lucia.plazos@example.com', phone: '+34 958 555 0101' })
    tripId = await created('/trips', { client_id: clientId, destination: 'Granada', start_date: '2030-06-01', end_date: '2030-06-08', price: '1000.00' })
    bookingId = await created(`/trips/${tripId}/bookings`, {
      supplier_id: supplierId, description: 'Seven nights, double room', start_date: '2030-06-01', end_date: '2030-06-08', cost: '700.00', sell_price: '1000.00', commission: '120.00'
    })
    // billing hears of the booking through crm's events: wait until it keeps its commission.
    await eventually(async () => {
      const commissions = await (await api('GET', `/commissions?supplier_id=${supplierId}`)).json() as Array<{ booking_id: number }>
      expect(commissions.map((commission) => commission.booking_id)).toEqual([bookingId])
    })
  })

  afterAll(async () => { await world?.close() })

  it('checks installments typed by hand against the amount as they are typed', async () => {
    agent = await signIn(world, world.agent)
    await agent.goto(`${world.stack.gatewayUrl}/app/trips/${tripId}`)
    await agent.getByRole('button', { name: 'New invoice' }).click()
    const dialog = agent.getByRole('dialog', { name: 'New invoice' })
    await dialog.getByText('Installments', { exact: true }).click()
    await dialog.getByLabel(/^Amount 1/).fill('300')
    await dialog.getByLabel(/^Amount 2/).fill('600')
    const sum = dialog.getByTestId('installments-sum')
    await expect.poll(async () => await sum.textContent()).toBe('Installments add up to €900.00 of €1,000.00 (€100.00 left to place)')
    await dialog.getByRole('button', { name: 'Add installment' }).click()
    await dialog.getByLabel(/^Amount 3/).fill('150')
    await expect.poll(async () => await sum.textContent()).toContain('(-€50.00 left to place)')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => await dialog.getByText('The installments must add up to exactly €1,000.00.').isVisible()).toBe(true)
    await dialog.getByRole('button', { name: 'Remove installment 3' }).click()
    await dialog.getByLabel(/^Amount 2/).fill('700')
    await expect.poll(async () => await sum.textContent()).toContain('(€0.00 left to place)')
    await expectAccessible(agent, 'invoice form with installments')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
  })

  it('creates an invoice as a deposit and a balance, pays the deposit and sees the installments follow', async () => {
    await agent.getByRole('button', { name: 'New invoice' }).click()
    const form = agent.getByRole('dialog', { name: 'New invoice' })
    await form.getByText('Deposit and balance', { exact: true }).click()
    await form.getByLabel(/^Deposit \(%\)/).fill('20')
    await form.getByLabel(/^Balance due, days before departure/).fill('45')
    await expectAccessible(agent, 'invoice form with a schedule')
    await form.getByRole('button', { name: 'Save' }).click()
    await agent.getByRole('heading', { name: /^Invoice \S+$/ }).waitFor()

    const rows = agent.getByRole('table', { name: 'Installments' }).getByRole('row')
    const deposit = rows.filter({ hasText: '€200.00' }).first()
    const balance = rows.filter({ hasText: '€800.00' }).first()
    await expect.poll(async () => await rows.count()).toBe(3)
    // The deposit is due on the issue date (today), so it is what is due next; the balance 45 days before 1 June 2030.
    expect(await balance.textContent()).toContain('Apr 17, 2030')
    await expect.poll(async () => await deposit.textContent()).toContain('Pending')
    const depositDue = await deposit.getByRole('cell').first().textContent()
    expect(await agent.getByTestId('next-due').textContent()).toBe(depositDue)

    await agent.getByRole('button', { name: 'Record payment' }).click()
    const dialog = agent.getByRole('dialog', { name: 'Record payment' })
    await dialog.getByLabel(/^Amount/).fill('200')
    await dialog.getByRole('button', { name: 'Record payment' }).click()
    await dialog.waitFor({ state: 'detached' })

    await expect.poll(async () => await agent.getByTestId('invoice-status').textContent()).toBe('Partially paid')
    await expect.poll(async () => await deposit.textContent()).toContain('Paid')
    expect(await deposit.textContent()).toContain('€0.00')
    expect(await balance.textContent()).toContain('Pending')
    await expect.poll(async () => await agent.getByTestId('next-due').textContent()).toBe('Apr 17, 2030')
    // The payments list reloads after the payment and its empty state fades out meanwhile, faint text that axe
    // would flag: the page is checked once the payment is listed.
    await agent.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: '€200.00' }).first().waitFor()
    await expectAccessible(agent, 'invoice with installments')
    await screenshot(agent, 'invoice-installments')
  })

  it('lists commissions by supplier and status in the address, and records a supplier\'s payment once', async () => {
    await agent.getByRole('link', { name: 'Commissions' }).click()
    await agent.getByRole('heading', { name: 'Commissions' }).waitFor()
    const table = agent.getByRole('table', { name: 'Commissions' })
    const row = table.getByRole('row', { name: new RegExp(`Booking ${bookingId}`) })
    await expect.poll(async () => await row.textContent()).toContain('Expected')
    expect(await row.textContent()).toContain('Hotel Alhambra Palace')

    await agent.getByRole('combobox', { name: 'Supplier' }).click()
    await agent.getByRole('option', { name: 'Hotel Alhambra Palace' }).click()
    await expect.poll(() => agent.url()).toContain(`supplier_id=${supplierId}`)

    await row.getByRole('button', { name: `Record commission payment for booking ${bookingId}` }).click()
    const dialog = agent.getByRole('dialog', { name: 'Record commission payment' })
    await expect.poll(async () => await dialog.getByTestId('commission-balance').textContent()).toBe('€120.00')
    await dialog.getByLabel(/^Amount/).fill('120.01')
    await dialog.getByRole('button', { name: 'Record commission payment' }).click()
    await expect.poll(async () => await dialog.getByText('This is more than the open balance of €120.00.').isVisible()).toBe(true)
    await dialog.getByLabel(/^Amount/).fill('50')
    await expectAccessible(agent, 'commission payment dialog')
    // A double click sends one key twice: one payment is recorded.
    await dialog.getByRole('button', { name: 'Record commission payment' }).dblclick()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(async () => await row.textContent()).toContain('Partially received')
    expect(await row.textContent()).toContain('€70.00')

    await agent.getByText('Partially received', { exact: true }).first().click()
    await expect.poll(() => agent.url()).toContain('status=Partially+Received')
    await agent.reload()
    await expect.poll(async () => await row.textContent()).toContain('€50.00')
    expect(await table.getByRole('row').count()).toBe(2)
    await expectAccessible(agent, 'commissions')
    await screenshot(agent, 'commissions')

    const api = await world.asPerson(world.agent)
    const commissions = await (await api('GET', `/commissions?supplier_id=${supplierId}`)).json() as Array<{ received: string }>
    expect(commissions.map((commission) => commission.received)).toEqual(['50.00'])
  })

  it('shows an analyst the commissions without a way to record a payment', async () => {
    const analyst = await signIn(world, world.analyst)
    await analyst.goto(`${world.stack.gatewayUrl}/app/commissions?supplier_id=${supplierId}`)
    const row = analyst.getByRole('table', { name: 'Commissions' }).getByRole('row', { name: new RegExp(`Booking ${bookingId}`) })
    await expect.poll(async () => await row.textContent()).toContain('Partially received')
    expect(await analyst.getByRole('button', { name: /Record commission payment/ }).count()).toBe(0)
    await analyst.context().close()
  })
})
