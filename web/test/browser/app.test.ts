import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebhookReceiver } from '@travel-crm/testkit'
import { expectAccessible, screenshot, signIn, startWorld, type World } from './harness.js'

/**
 * The app in a real Chromium against a real stack (five processes, Postgres, NATS), one of each for the whole
 * suite. The tests run in order and build on each other, as a working day does.
 */
describe('the web app in the browser', () => {
  let world: World
  let agent: Page
  let invoiceUrl: string
  let invoiceNumber: string
  let travelTripUrl: string

  beforeAll(async () => {
    world = await startWorld()
  })

  afterAll(async () => {
    await world?.close()
  })

  it('signs an agent in with the keyboard; the refresh token is an httpOnly, strict cookie no script can read', async () => {
    agent = await signIn(world, world.agent)
    await expect.poll(async () => await agent.getByRole('heading', { name: 'Dashboard' }).isVisible()).toBe(true)
    await expect.poll(async () => await agent.getByText('Agent', { exact: true }).isVisible()).toBe(true)
    const cookies = await agent.context().cookies()
    const refresh = cookies.find((cookie) => cookie.name === 'travel_crm_refresh')
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/session' })
    expect(await agent.evaluate(() => document.cookie)).not.toContain('travel_crm_refresh')
    // An agent is offered no admin panel and no reports.
    expect(await agent.getByRole('link', { name: 'Users' }).count()).toBe(0)
    expect(await agent.getByRole('link', { name: 'Reports' }).count()).toBe(0)
    await expectAccessible(agent, 'dashboard (agent)')
  })

  it('creates a client, with the server\'s validation shown at the fields', async () => {
    await agent.getByRole('link', { name: 'Clients' }).click()
    await agent.getByRole('button', { name: 'New client' }).click()
    const dialog = agent.getByRole('dialog', { name: 'New client' })
    await dialog.getByLabel('Name').fill('Ana Pereira')
    await dialog.getByLabel('Email').fill('not-an-email')
    await dialog.getByLabel('Phone').fill('+351 21 555 0142')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => await dialog.getByText(/must match format "email"/).isVisible()).toBe(true)
    await expectAccessible(agent, 'client form with errors')
    await dialog.getByLabel('Email').fill('ana.pereira@example.com')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await agent.getByRole('heading', { name: 'Ana Pereira' }).waitFor()
    expect(agent.url()).toMatch(/\/app\/clients\/\d+$/)
  })

  it('adds a trip and an invoice for it', async () => {
    await agent.getByRole('button', { name: 'New trip' }).click()
    const dialog = agent.getByRole('dialog', { name: 'New trip' })
    await dialog.getByLabel('Destination').fill('Lisbon')
    await dialog.getByLabel('Departure').fill('2027-05-01')
    await dialog.getByLabel('Return').fill('2027-05-08')
    await dialog.getByLabel('Price').fill('1000.00')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await agent.getByRole('heading', { name: 'Trip to Lisbon' }).waitFor()
    await agent.getByRole('button', { name: 'New invoice' }).click()
    const invoiceDialog = agent.getByRole('dialog', { name: 'New invoice' })
    await invoiceDialog.getByLabel('Due').fill('2027-04-01')
    await invoiceDialog.getByRole('button', { name: 'Save' }).click()
    const heading = agent.getByRole('heading', { name: /^Invoice \S+$/ })
    await heading.waitFor()
    invoiceUrl = agent.url()
    await expect.poll(async () => await agent.getByTestId('invoice-status').textContent()).toBe('Pending')
    await expectAccessible(agent, 'invoice')
    // The invoice's number, shown in its heading, is printed on its PDF.
    invoiceNumber = (await heading.textContent())?.replace(/^Invoice /, '') ?? ''
    expect(invoiceNumber).not.toBe(String(invoiceUrl.split('/').at(-1)))
    const pdf = await downloaded(agent, 'Invoice PDF')
    expect(pdf.name).toMatch(/\.pdf$/)
    expect(textOfPdf(pdf.path)).toContain(invoiceNumber)
    await agent.goto(`${world.stack.gatewayUrl}/app/invoices`)
    await agent.getByRole('link', { name: `Invoice ${invoiceNumber}` }).waitFor()
    await agent.goto(invoiceUrl)
    await heading.waitFor()
  })

  it('moves a trip along its pipeline, shows a move someone else made impossible (409), and filters trips by status', async () => {
    // A page without live updates, so that it still offers the moves of the status it read.
    const context = await world.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } })
    await context.route('**/live', async (route) => { await route.abort() })
    const page = await signIn(world, world.agent, context)
    const api = await world.asPerson(world.agent)
    const client = await (await api('POST', '/clients', { name: 'Bea Moreau', email: `bea.${Date.now()}@example.com`, phone: '+33 1 55 55 01 02' })).json() as { id: number }
    const trip = await (await api('POST', '/trips', { client_id: client.id, destination: 'Reykjavik', start_date: '2027-02-01', end_date: '2027-02-05', price: '900.00', status: 'inquiry' })).json() as { id: number }
    await page.goto(`${world.stack.gatewayUrl}/app/trips/${trip.id}`)
    await expect.poll(async () => await page.getByTestId('trip-status').textContent()).toBe('Inquiry')
    const moves = page.getByRole('group', { name: 'Move the trip' })
    await moves.getByRole('button', { name: 'Mark as Quoted' }).click()
    await expect.poll(async () => await page.getByTestId('trip-status').textContent()).toBe('Quoted')
    expect(await moves.getByRole('button', { name: 'Mark as Inquiry' }).count()).toBe(0)
    await expectAccessible(page, 'trip with its moves')
    await screenshot(page, 'trip-pipeline')
    const cancelled = await api('PATCH', `/trips/${trip.id}`, { status: 'cancelled' })
    expect(cancelled.status).toBe(200)
    await moves.getByRole('button', { name: 'Mark as Booked' }).click()
    await expect.poll(async () => await page.getByRole('alert').filter({ hasText: /cannot move from cancelled/ }).count()).toBe(1)
    await expect.poll(async () => await page.getByTestId('trip-status').textContent()).toBe('Cancelled')
    expect(await moves.count()).toBe(0)

    await page.goto(`${world.stack.gatewayUrl}/app/trips`)
    const table = page.getByRole('table', { name: 'Trips' })
    await table.getByRole('link', { name: 'Lisbon' }).waitFor()
    await page.locator('label', { hasText: /^Cancelled$/ }).click()
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('cancelled')
    await page.reload()
    await table.getByRole('link', { name: 'Reykjavik' }).waitFor()
    expect(await table.getByRole('link', { name: 'Lisbon' }).count()).toBe(0)
    await expectAccessible(page, 'trips by status')

    await page.goto(`${world.stack.gatewayUrl}/app/`)
    const pipeline = page.getByRole('region', { name: 'Trips by status' })
    await expect.poll(async () => await pipeline.getByTestId('trips-cancelled').textContent()).toBe('1')
    await expect.poll(async () => Number(await pipeline.getByTestId('trips-booked').textContent())).toBeGreaterThan(0)
    await context.close()
  })

  it('keeps a trip\'s travellers (lead, passport warning) and bookings (supplier, commission, totals with margin)', async () => {
    const api = await world.asPerson(world.agent)
    const supplier = await (await api('POST', '/suppliers', { name: 'Atlas Air', kind: 'airline', default_commission_rate: '10.00' })).json() as { id: number }
    expect(supplier.id).toBeGreaterThan(0)
    const client = await (await api('POST', '/clients', { name: 'Cai Nordin', email: `cai.${Date.now()}@example.com`, phone: '+46 8 555 0177' })).json() as { id: number }
    const trip = await (await api('POST', '/trips', { client_id: client.id, destination: 'Marrakesh', start_date: '2027-03-01', end_date: '2027-03-10', price: '1500.00' })).json() as { id: number }
    travelTripUrl = `${world.stack.gatewayUrl}/app/trips/${trip.id}`
    await agent.goto(travelTripUrl)
    await agent.getByRole('heading', { name: 'Trip to Marrakesh' }).waitFor()

    // A passport that ends within six months of the return is accepted, with a warning.
    await agent.getByRole('button', { name: 'Add traveller' }).click()
    let dialog = agent.getByRole('dialog', { name: 'Add traveller' })
    await dialog.getByLabel('First name').fill('Lena')
    await dialog.getByLabel('Last name').fill('Nordin')
    await dialog.getByLabel('Passport number').fill('ab12345')
    await dialog.getByLabel('Passport expires').fill('2027-05-01')
    await dialog.getByLabel('Lead traveller').check()
    await expectAccessible(agent, 'traveller form')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    const travellers = agent.getByRole('table', { name: 'Travellers' })
    await expect.poll(async () => await travellers.getByRole('row', { name: /Lena Nordin/ }).textContent()).toContain('AB12345')
    await expect.poll(async () => await agent.getByTestId('passport-warning').textContent()).toContain('The passport of Lena Nordin expires less than six months after the trip ends.')

    // A second lead is refused (409), and shown.
    await agent.getByRole('button', { name: 'Add traveller' }).click()
    dialog = agent.getByRole('dialog', { name: 'Add traveller' })
    await dialog.getByLabel('First name').fill('Tor')
    await dialog.getByLabel('Last name').fill('Nordin')
    await dialog.getByLabel('Lead traveller').check()
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => await dialog.getByRole('alert').textContent()).toMatch(/already has a lead traveller/)
    await dialog.getByLabel('Lead traveller').uncheck()
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await travellers.getByRole('row', { name: /Tor Nordin/ }).waitFor()

    // A renewed passport ends the warning.
    await agent.getByRole('button', { name: 'Edit Lena Nordin' }).click()
    dialog = agent.getByRole('dialog', { name: 'Edit traveller' })
    await dialog.getByLabel('Passport expires').fill('2031-01-01')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(async () => await agent.getByTestId('passport-warning').count()).toBe(0)

    // A booking from a supplier: the commission left empty is the supplier's 10 % of the sell price.
    await agent.getByRole('button', { name: 'Add booking' }).click()
    dialog = agent.getByRole('dialog', { name: 'Add booking' })
    await dialog.getByLabel(/^Supplier/).click()
    await agent.getByRole('option', { name: 'Atlas Air (Airline)' }).click()
    await dialog.getByLabel('Description').fill('Flight ARN–RAK return')
    await dialog.getByLabel('Cost').fill('400.00')
    await dialog.getByLabel('Sell price').fill('500.00')
    await expectAccessible(agent, 'booking form')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    const totals = agent.getByRole('table', { name: 'Totals per currency' })
    await expect.poll(async () => await totals.getByRole('row', { name: /EUR/ }).textContent()).toBe('EUR€500.00€400.00€50.00€150.00')
    await agent.getByRole('button', { name: 'Edit Flight ARN–RAK return' }).click()
    dialog = agent.getByRole('dialog', { name: 'Edit booking' })
    await dialog.getByLabel('Cost').fill('450.00')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(async () => await totals.getByRole('row', { name: /EUR/ }).textContent()).toBe('EUR€500.00€450.00€50.00€100.00')
    await expectAccessible(agent, 'trip with travellers and bookings')
    await screenshot(agent, 'trip-travellers-bookings')
    // A cancelled booking no longer counts.
    agent.once('dialog', (confirm) => { void confirm.accept() })
    await agent.getByRole('button', { name: 'Cancel Flight ARN–RAK return' }).click()
    await expect.poll(async () => await agent.getByRole('table', { name: 'Bookings' }).getByRole('row', { name: /Flight/ }).textContent()).toContain('Cancelled')
    await expect.poll(async () => await totals.count()).toBe(0)
    await agent.goto(invoiceUrl)
  })

  it('records two payments: the dialog shows the open balance, a double click records one, and the status follows', async () => {
    await agent.getByRole('button', { name: 'Record payment' }).click()
    let dialog = agent.getByRole('dialog', { name: 'Record payment' })
    await expect.poll(async () => await dialog.getByTestId('open-balance').textContent()).toBe('€1,000.00')
    await dialog.getByLabel(/^Amount/).fill('1000.01')
    await dialog.getByRole('button', { name: 'Record payment' }).click()
    await expect.poll(async () => await dialog.getByText('This is more than the open balance of €1,000.00.').isVisible()).toBe(true)
    await dialog.getByLabel(/^Amount/).fill('400')
    await expectAccessible(agent, 'payment dialog')
    await screenshot(agent, 'payment-dialog')
    await dialog.getByRole('button', { name: 'Record payment' }).dblclick()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(async () => await agent.getByTestId('invoice-status').textContent()).toBe('Partially paid')
    await expect.poll(async () => await agent.getByTestId('balance').textContent()).toBe('€600.00')
    const id = Number(invoiceUrl.split('/').at(-1))
    const api = await world.asPerson(world.agent)
    const payments = await (await api('GET', `/payments?invoice_id=${id}`)).json() as unknown[]
    expect(payments).toHaveLength(1)

    await agent.getByRole('button', { name: 'Record payment' }).click()
    dialog = agent.getByRole('dialog', { name: 'Record payment' })
    await expect.poll(async () => await dialog.getByTestId('open-balance').textContent()).toBe('€600.00')
    await dialog.getByRole('button', { name: 'Record payment' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(async () => await agent.getByTestId('invoice-status').textContent()).toBe('Paid')
    await screenshot(agent, 'invoice-paid')
  })

  it('shows a payment recorded by someone else in a second browser, live, without a reload', async () => {
    const api = await world.asPerson(world.agent)
    const invoice = await anInvoice(api, 'Kyoto', '800.00')
    const admin = await signIn(world, world.admin)
    await admin.goto(`${world.stack.gatewayUrl}/app/invoices/${invoice.id}`)
    await expect.poll(async () => await admin.getByTestId('paid-amount').textContent()).toBe('€0.00')
    await admin.getByText('Live', { exact: true }).waitFor()
    const paid = await api('POST', '/payments', { invoice_id: invoice.id, amount: '250.00', payment_method: 'cash' }, { 'idempotency-key': `live-${invoice.id}` })
    expect(paid.status).toBe(201)
    await expect.poll(async () => await admin.getByTestId('paid-amount').textContent(), { timeout: 5000 }).toBe('€250.00')
    expect(await admin.getByTestId('invoice-status').textContent()).toBe('Partially paid')
    await admin.context().close()
  })

  it('shows the server\'s refusal of a payment above a balance that changed meanwhile', async () => {
    // A page without live updates, so that the dialog still believes the old balance (with them, it would show
    // the new one and refuse by itself): what the person sees then is the server's 422.
    const context = await world.browser.newContext({ locale: 'en-GB' })
    await context.route('**/live', async (route) => { await route.abort() })
    const page = await signIn(world, world.agent, context)
    const api = await world.asPerson(world.agent)
    const invoice = await anInvoice(api, 'Oslo', '500.00')
    await page.goto(`${world.stack.gatewayUrl}/app/invoices/${invoice.id}`)
    await page.getByRole('button', { name: 'Record payment' }).click()
    const dialog = page.getByRole('dialog', { name: 'Record payment' })
    await expect.poll(async () => await dialog.getByTestId('open-balance').textContent()).toBe('€500.00')
    await api('POST', '/payments', { invoice_id: invoice.id, amount: '300.00', payment_method: 'card' }, { 'idempotency-key': `meanwhile-${invoice.id}` })
    await dialog.getByRole('button', { name: 'Record payment' }).click()
    await expect.poll(async () => await dialog.getByRole('alert').textContent()).toBe('This is more than the open balance of €200.00.')
    await context.close()
  })

  it('gives an agent the open and overdue balances, the oldest overdue invoices and the departures on the dashboard', async () => {
    await agent.goto(`${world.stack.gatewayUrl}/app/`)
    // Open: Kyoto's 550.00 and Oslo's 200.00 (Lisbon is paid), from the invoice summary agents may read.
    const balances = agent.getByRole('region', { name: 'Open and overdue balances' })
    await expect.poll(async () => await balances.getByRole('row', { name: /EUR/ }).textContent(), { timeout: 10_000 }).toBe('EUR€750.00€0.00')
    await agent.getByRole('region', { name: 'Upcoming departures' }).waitFor()
    expect(await agent.getByRole('region', { name: 'Revenue this month' }).count()).toBe(0)
    await expectAccessible(agent, 'dashboard (agent) with balances')
    await screenshot(agent, 'dashboard-agent')
  })

  it('sorts a list on the server, and keeps the order in the address across a reload', async () => {
    await agent.goto(`${world.stack.gatewayUrl}/app/clients`)
    const table = agent.getByRole('table', { name: 'Clients' })
    const firstName = async () => (await table.getByRole('row').nth(1).getByRole('cell').first().textContent())?.trim()
    await expect.poll(firstName).toBe('Ana Pereira')
    // The kit makes a sortable column's header a button.
    await table.getByRole('button', { name: /^Name/ }).click()
    await expect.poll(() => new URL(agent.url()).searchParams.get('sort')).toBe('-name')
    await expect.poll(firstName).toBe('Client for Oslo')
    await agent.reload()
    await expect.poll(firstName).toBe('Client for Oslo')
    // Another column keeps the direction; a second click turns it.
    await table.getByRole('button', { name: /^Email/ }).click()
    await expect.poll(() => new URL(agent.url()).searchParams.get('sort')).toBe('-email')
    await table.getByRole('button', { name: /^Email/ }).click()
    await expect.poll(() => new URL(agent.url()).searchParams.get('sort')).toBe('email')
    await expect.poll(firstName).toBe('Ana Pereira')
    await expectAccessible(agent, 'sorted clients')
  })

  it('lets two tabs of one browser refresh together without spending one refresh token twice (Web Locks)', async () => {
    const context = await world.browser.newContext({ locale: 'en-GB' })
    await context.route('**/live', async (route) => { await route.abort() })
    const first = await signIn(world, world.agent, context)
    const second = await context.newPage()
    await second.goto(`${world.stack.gatewayUrl}/app/`)
    await second.getByTestId('signed-in-user').waitFor()
    // Each refresh is held back a moment on its way: without the lock both tabs' would be out with the same
    // cookie at once, the second counted as a stolen token, and the session ended for both.
    const presented: string[] = []
    await context.route('**/session/refresh', async (route) => {
      presented.push((await route.request().allHeaders())['cookie'] ?? '')
      await new Promise((resolve) => setTimeout(resolve, 300))
      await route.continue()
    })
    await Promise.all([first.reload(), second.reload()])
    for (const page of [first, second]) await page.getByTestId('signed-in-user').waitFor()
    expect(presented).toHaveLength(2)
    expect(new Set(presented).size).toBe(2)
    await first.reload()
    await first.getByTestId('signed-in-user').waitFor()
    await context.close()
  })

  it('tells an editor that someone else saved first (412), keeps what was typed, and saves after loading their version', async () => {
    const api = await world.asPerson(world.agent)
    const client = await (await api('POST', '/clients', { name: 'Bo Lindqvist', email: 'bo.lindqvist@example.com', phone: '+46 8 555 0101' })).json() as { id: number, version: number }
    await agent.goto(`${world.stack.gatewayUrl}/app/clients/${client.id}`)
    await agent.getByRole('button', { name: 'Edit' }).first().click()
    const dialog = agent.getByRole('dialog', { name: 'Edit client' })
    await dialog.getByLabel('Name').fill('Bo Lindqvist-Berg')
    const theirs = await api('PATCH', `/clients/${client.id}`, { phone: '+46 8 555 0199' }, { 'if-match': `"${client.version}"` })
    expect(theirs.status).toBe(200)
    await dialog.getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => await dialog.getByText('Changed by someone else').isVisible()).toBe(true)
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Bo Lindqvist-Berg')
    await expectAccessible(agent, 'stale edit')
    await screenshot(agent, 'stale-edit')
    await dialog.getByRole('button', { name: 'Load their version' }).click()
    await expect.poll(async () => await dialog.getByRole('status').textContent()).toContain('+46 8 555 0199')
    // What was typed stays; the field nobody touched takes their value.
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Bo Lindqvist-Berg')
    expect(await dialog.getByLabel('Phone').inputValue()).toBe('+46 8 555 0199')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await agent.getByRole('heading', { name: 'Bo Lindqvist-Berg' }).waitFor()
    const saved = await (await api('GET', `/clients/${client.id}`)).json() as { name: string, phone: string }
    expect(saved).toMatchObject({ name: 'Bo Lindqvist-Berg', phone: '+46 8 555 0199' })
  })

  it('handles the API\'s 403 on a screen the role may not open', async () => {
    await agent.goto(`${world.stack.gatewayUrl}/app/admin/webhooks`)
    await expect.poll(async () => await agent.getByRole('alert').first().textContent()).toContain('Your role may not do this')
    await expectAccessible(agent, 'forbidden screen')
  })

  it('switches language, remembers it across a reload, and formats money in it', async () => {
    await agent.goto(`${world.stack.gatewayUrl}/app/clients`)
    await agent.getByLabel('Language').selectOption('sv')
    await agent.getByRole('heading', { name: 'Kunder' }).waitFor()
    await agent.reload()
    await agent.getByRole('heading', { name: 'Kunder' }).waitFor()
    expect(await agent.evaluate(() => document.documentElement.lang)).toBe('sv')
    // The API's refusals come in the app's language too: it asks for it, whatever the browser's is.
    const asked = agent.waitForRequest((request) => request.resourceType() === 'fetch' && request.url().includes('/invoices/'))
    await agent.goto(invoiceUrl)
    expect((await asked).headers()['accept-language']).toBe('sv')
    await expect.poll(async () => (await agent.getByTestId('paid-amount').textContent())?.replace(/\s/g, ' ')).toBe('1 000,00 €')
    await expectAccessible(agent, 'invoice in Swedish')
    await screenshot(agent, 'invoice-swedish')
    // The PDF speaks the app's language.
    const pdf = await downloaded(agent, 'Faktura (PDF)')
    expect(textOfPdf(pdf.path)).toMatch(/Faktura/)
    await agent.getByLabel('Språk').selectOption('es')
    await agent.getByRole('link', { name: 'Clientes' }).waitFor()
    await agent.getByLabel('Idioma').selectOption('en')
    await agent.getByRole('link', { name: 'Clients' }).waitFor()
  })

  it('lets an analyst read and download reports, with no controls to change anything', async () => {
    const analyst = await signIn(world, world.analyst)
    await analyst.getByRole('link', { name: 'Clients' }).click()
    await analyst.getByRole('link', { name: 'Ana Pereira' }).waitFor()
    expect(await analyst.getByRole('button', { name: 'New client' }).count()).toBe(0)
    await analyst.getByRole('link', { name: 'Ana Pereira' }).click()
    await analyst.getByRole('heading', { name: 'Ana Pereira' }).waitFor()
    expect(await analyst.getByRole('button', { name: 'Edit' }).count()).toBe(0)
    expect(await analyst.getByRole('button', { name: 'New trip' }).count()).toBe(0)
    expect(await analyst.getByRole('button', { name: 'Add note' }).count()).toBe(0)
    // The statement, as reporting keeps it: one invoice of 1,000.00, paid in two payments.
    const totals = analyst.getByRole('table', { name: 'Statement totals' })
    await expect.poll(async () => await totals.getByRole('row', { name: /EUR/ }).textContent(), { timeout: 10_000 }).toBe('EUR€1,000.00€1,000.00€0.00')
    await expect.poll(async () => await analyst.getByRole('table', { name: 'Statement lines' }).getByRole('row', { name: /Payment on invoice/ }).count()).toBe(2)
    await expectAccessible(analyst, 'client detail (analyst)')
    await screenshot(analyst, 'client-detail')
    // Passport numbers reach an analyst masked, and they may change nothing on a trip.
    await analyst.goto(travelTripUrl)
    await expect.poll(async () => await analyst.getByRole('table', { name: 'Travellers' }).getByRole('row', { name: /Lena Nordin/ }).textContent()).toMatch(/•+2345/)
    expect(await analyst.getByRole('table', { name: 'Travellers' }).textContent()).not.toContain('AB12345')
    expect(await analyst.getByRole('button', { name: 'Add booking' }).count()).toBe(0)
    await analyst.goBack()
    await analyst.getByRole('heading', { name: 'Ana Pereira' }).waitFor()
    const statement = await downloaded(analyst, 'Statement (PDF)')
    expect(textOfPdf(statement.path)).toContain(invoiceNumber)

    await analyst.getByRole('link', { name: 'Reports' }).click()
    await analyst.getByRole('tab', { name: 'Monthly revenue' }).click()
    await expect.poll(async () => await analyst.getByRole('table', { name: 'Monthly revenue' }).getByText('Lisbon').count()).toBeGreaterThan(0)
    await expectAccessible(analyst, 'reports')
    await screenshot(analyst, 'reports')
    const [download] = await Promise.all([analyst.waitForEvent('download'), analyst.getByRole('button', { name: 'Download CSV' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    const csv = readFileSync(await download.path(), 'utf8')
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/year/)
    expect(csv).toContain('Lisbon')
    const reportPdf = await downloaded(analyst, 'Download PDF')
    expect(textOfPdf(reportPdf.path)).toContain('Lisbon')

    // This month's invoices, one PDF each, in a zip (their file names stand unpacked in its headers).
    await analyst.getByRole('link', { name: 'Invoices' }).click()
    await expectAccessible(analyst, 'invoices with the month\'s zip')
    const zip = await downloaded(analyst, 'The month\'s invoices (zip)', 'PK\u0003\u0004')
    expect(readFileSync(zip.path).toString('latin1')).toMatch(/\.pdf/)

    await analyst.goto(`${world.stack.gatewayUrl}/app/admin/users`)
    await expect.poll(async () => await analyst.getByRole('alert').first().textContent()).toContain('Your role may not do this')

    // Their own password: the change ends every session, and the app signs in again with the new one.
    await analyst.getByRole('link', { name: `Your account (${world.analyst.username})` }).click()
    await analyst.getByText('Analyst', { exact: true }).first().waitFor()
    await analyst.getByLabel('Current password').fill(world.analyst.password)
    await analyst.getByRole('textbox', { name: /^New password( \*)?$/ }).fill('oskar-new-password')
    await analyst.getByLabel('New password again').fill('oskar-new-password')
    await analyst.getByRole('button', { name: 'Change password' }).click()
    await analyst.getByText('Your password is changed.', { exact: false }).waitFor()
    await expectAccessible(analyst, 'account')
    await analyst.reload()
    await analyst.getByTestId('signed-in-user').waitFor()
    await analyst.context().close()
  })

  it('lets an admin create, demote, disable and delete a user, and shows the last-admin guard', async () => {
    const admin = await signIn(world, world.admin)
    admin.on('dialog', (dialog) => { void dialog.accept() })
    await expectAccessible(admin, 'dashboard (admin)')
    await screenshot(admin, 'dashboard-admin')
    // Only an admin removes a traveller.
    await admin.goto(travelTripUrl)
    await admin.getByRole('button', { name: 'Remove Tor Nordin' }).click()
    await expect.poll(async () => await admin.getByRole('table', { name: 'Travellers' }).getByRole('row', { name: /Tor Nordin/ }).count()).toBe(0)

    // Suppliers: one with bookings (a cancelled one too) stays, with crm's 409 shown; one without goes.
    await admin.getByRole('link', { name: 'Suppliers' }).click()
    await admin.getByRole('button', { name: 'New supplier' }).click()
    const supplierDialog = admin.getByRole('dialog', { name: 'New supplier' })
    await supplierDialog.getByLabel(/^Name/).fill('Riad Zitoun')
    await supplierDialog.getByLabel('Default commission (%)').fill('8.5')
    await expectAccessible(admin, 'supplier form')
    await supplierDialog.getByRole('button', { name: 'Save' }).click()
    await supplierDialog.waitFor({ state: 'detached' })
    const suppliers = admin.getByRole('table', { name: 'Suppliers' })
    await expect.poll(async () => await suppliers.getByRole('row', { name: /Riad Zitoun/ }).textContent()).toContain('8.50')
    await admin.getByRole('button', { name: 'Edit Riad Zitoun' }).click()
    await admin.getByRole('dialog', { name: 'Edit supplier' }).getByLabel('Phone').fill('+212 524 555 010')
    await admin.getByRole('dialog', { name: 'Edit supplier' }).getByRole('button', { name: 'Save' }).click()
    await expect.poll(async () => await suppliers.getByRole('row', { name: /Riad Zitoun/ }).textContent()).toContain('+212 524 555 010')
    // An agent saves the supplier while the admin edits it: the 412 offers their version, and the typed rate stays.
    const agentApi = await world.asPerson(world.agent)
    const [riad] = await (await agentApi('GET', '/suppliers?name=Riad')).json() as Array<{ id: number, version: number }>
    await admin.getByRole('button', { name: 'Edit Riad Zitoun' }).click()
    const staleDialog = admin.getByRole('dialog', { name: 'Edit supplier' })
    await staleDialog.getByLabel('Default commission (%)').fill('9.25')
    expect((await agentApi('PATCH', `/suppliers/${riad!.id}`, { email: 'bookings@riadzitoun.example' }, { 'if-match': `"${riad!.version}"` })).status).toBe(200)
    await staleDialog.getByRole('button', { name: 'Save' }).click()
    await staleDialog.getByRole('button', { name: 'Load their version' }).click()
    await expect.poll(async () => await staleDialog.getByLabel('Email').inputValue()).toBe('bookings@riadzitoun.example')
    expect(await staleDialog.getByLabel('Default commission (%)').inputValue()).toBe('9.25')
    await staleDialog.getByRole('button', { name: 'Save' }).click()
    await staleDialog.waitFor({ state: 'detached' })
    await expect.poll(async () => await suppliers.getByRole('row', { name: /Riad Zitoun/ }).textContent()).toContain('9.25')
    await admin.getByRole('button', { name: 'Delete Atlas Air' }).click()
    const refusal = admin.getByRole('alert').filter({ hasText: /has 1 bookings/ })
    await expect.poll(async () => await refusal.count()).toBe(1)
    await suppliers.getByRole('row', { name: /Atlas Air/ }).waitFor()
    await expectAccessible(admin, 'suppliers')
    await screenshot(admin, 'suppliers')
    // Closed, so that it covers no button of the list until it would fade by itself.
    await refusal.getByRole('button', { name: 'Close' }).click()
    await admin.getByRole('button', { name: 'Delete Riad Zitoun' }).click()
    await expect.poll(async () => await suppliers.getByRole('row', { name: /Riad Zitoun/ }).count()).toBe(0)
    await admin.getByRole('alert').filter({ hasText: 'Riad Zitoun was deleted.' }).getByRole('button', { name: 'Close' }).click()

    // The agency's details, checked at the fields by billing, are what the invoice PDF prints.
    await admin.getByRole('link', { name: 'Agency' }).click()
    await admin.getByRole('heading', { name: 'Agency details' }).waitFor()
    await admin.getByLabel('Legal name').fill('Nordresor Akesson AB')
    await admin.getByLabel('Address').fill('Götgatan 12\n116 46 Stockholm')
    await admin.getByLabel('Email').fill('office@nordresor.example')
    await admin.getByLabel('Phone').fill('+46 8 555 010 20')
    await admin.getByLabel('IBAN').fill('SE45 5000 0000 0583 9825 7467')
    await admin.getByRole('button', { name: 'Save' }).click()
    await admin.getByText('must be an IBAN with valid check digits').waitFor()
    await admin.getByLabel('IBAN').fill('SE45 5000 0000 0583 9825 7466')
    await admin.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(ONE_PIXEL_PNG, 'base64') })
    await admin.getByTestId('agency-logo').waitFor()
    await admin.getByRole('button', { name: 'Save' }).click()
    await admin.getByText('The agency details are saved.').waitFor()
    await expectAccessible(admin, 'agency settings')
    await screenshot(admin, 'agency-settings')
    await admin.reload()
    await expect.poll(async () => await admin.getByLabel('IBAN').inputValue()).toMatch(/^SE45\s?5000/)
    await admin.getByTestId('agency-logo').waitFor()
    await admin.goto(invoiceUrl)
    const printed = await downloaded(admin, 'Invoice PDF')
    expect(textOfPdf(printed.path)).toContain('Nordresor Akesson AB')
    await admin.goto(`${world.stack.gatewayUrl}/app/`)
    await admin.getByRole('link', { name: 'Users' }).click()
    await admin.getByRole('button', { name: 'New user' }).click()
    const dialog = admin.getByRole('dialog', { name: 'New user' })
    await dialog.getByLabel('Username').fill('temp.agent')
    await dialog.getByRole('textbox', { name: 'Password' }).fill('temp-agent-password')
    await dialog.getByLabel('Role').selectOption('agent')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await admin.getByRole('cell', { name: 'temp.agent', exact: true }).waitFor()
    await admin.getByLabel('Role of temp.agent').selectOption('analyst')
    await admin.getByText('temp.agent is now Analyst.').waitFor()
    await admin.getByRole('button', { name: 'Disable temp.agent' }).click()
    await admin.getByText('temp.agent can no longer sign in.').waitFor()
    await admin.getByRole('button', { name: 'Enable temp.agent' }).waitFor()
    await expectAccessible(admin, 'users')
    await screenshot(admin, 'users')
    await admin.getByRole('button', { name: 'Delete temp.agent' }).click()
    await admin.getByText('temp.agent was deleted.').waitFor()
    await expect.poll(async () => await admin.getByRole('cell', { name: 'temp.agent', exact: true }).count()).toBe(0)

    await admin.getByLabel(`Role of ${world.admin.username}`).selectOption('agent')
    await admin.getByText('This is the last active admin: make another user admin first.').waitFor()
    await expect.poll(async () => await admin.getByLabel(`Role of ${world.admin.username}`).inputValue()).toBe('admin')
    await admin.context().close()
  })

  it('lets an admin register a webhook, copy its secret once, ping it, see deliveries, rotate, disable and replay', async () => {
    const receiver = await startWebhookReceiver()
    const context = await world.browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 860 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const admin = await signIn(world, world.admin, context)
    admin.on('dialog', (dialog) => { void dialog.accept() })
    try {
      await admin.getByRole('link', { name: 'Webhooks' }).click()
      await admin.getByRole('button', { name: 'New webhook' }).click()
      const dialog = admin.getByRole('dialog', { name: 'New webhook' })
      await dialog.getByLabel('URL').fill('http://10.0.0.5/hook')
      await dialog.getByRole('button', { name: 'Save' }).click()
      // The service refuses a private address; the refusal is shown at the field.
      await dialog.getByText(/cannot receive webhooks/).waitFor()
      await dialog.getByLabel('URL').fill(receiver.url)
      await dialog.getByLabel('Description').fill('Accounting')
      await expectAccessible(admin, 'new webhook')
      await dialog.getByRole('button', { name: 'Save' }).click()
      const shown = admin.getByRole('dialog', { name: 'Webhook created: its signing secret' })
      const secret = (await shown.getByTestId('signing-secret').textContent()) ?? ''
      expect(secret).toMatch(/^whsec_/)
      await shown.getByRole('button', { name: 'Copy secret' }).click()
      await shown.getByRole('button', { name: 'Copied' }).waitFor()
      expect(await admin.evaluate(async () => await navigator.clipboard.readText())).toBe(secret)
      await expectAccessible(admin, 'webhook secret shown once')
      receiver.secrets = [secret]
      await shown.getByRole('button', { name: 'I have kept it' }).click()
      await admin.getByRole('heading', { name: /^Webhook \d+$/ }).waitFor()

      await admin.getByRole('button', { name: 'Send test ping' }).click()
      const deliveries = admin.getByRole('table', { name: 'Deliveries' })
      await deliveries.getByRole('row', { name: /webhooks\.endpoint\.ping.*Delivered.*204/ }).waitFor({ timeout: 10_000 })
      const api = await world.asPerson(world.agent)
      const invoice = await anInvoice(api, 'Reykjavik', '300.00')
      await api('POST', '/payments', { invoice_id: invoice.id, amount: '300.00', payment_method: 'card' }, { 'idempotency-key': `hook-${invoice.id}` })
      await deliveries.getByRole('row', { name: /billing\.payment\.recorded.*Delivered/ }).waitFor({ timeout: 10_000 })
      expect(receiver.received.map((request) => request.type)).toEqual(['webhooks.endpoint.ping', 'billing.payment.recorded'])
      expect(receiver.received.every((request) => request.verified)).toBe(true)
      await expectAccessible(admin, 'webhook deliveries')
      await screenshot(admin, 'webhook-deliveries')

      await admin.getByRole('button', { name: 'Edit' }).click()
      const edit = admin.getByRole('dialog', { name: 'Edit webhook' })
      await edit.getByLabel('Description').fill('Accounting (Xero)')
      await edit.getByRole('button', { name: 'Save' }).click()
      await admin.getByText('Accounting (Xero)').waitFor()

      await admin.getByRole('button', { name: 'Disable' }).click()
      await admin.getByText('Disabled', { exact: true }).first().waitFor()
      await admin.getByRole('button', { name: 'Enable' }).click()
      await admin.getByText('Enabled', { exact: true }).first().waitFor()

      await admin.getByRole('button', { name: 'Rotate secret' }).click()
      const rotated = admin.getByRole('dialog', { name: 'The new signing secret' })
      const newSecret = (await rotated.getByTestId('signing-secret').textContent()) ?? ''
      expect(newSecret).toMatch(/^whsec_/)
      expect(newSecret).not.toBe(secret)
      await rotated.getByRole('button', { name: 'I have kept it' }).click()

      // Replay what this endpoint matched in the last hour: the payment goes again, signed with both secrets.
      receiver.secrets = [newSecret]
      const replay = admin.getByRole('region', { name: 'Replay' })
      const hourAgo = new Date(Date.now() - 3_600_000)
      const local = new Date(hourAgo.getTime() - hourAgo.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
      await replay.getByLabel('Since').fill(local)
      await replay.getByRole('button', { name: 'Replay' }).click()
      // Every payment of the suite in the last hour matches, from before the endpoint existed too.
      await expect.poll(async () => await replay.getByRole('status').textContent()).toMatch(/^\d+ events? queued/)
      const replayed = Number(/^(\d+)/.exec((await replay.getByRole('status').textContent()) ?? '')?.[1])
      expect(replayed).toBeGreaterThanOrEqual(5)
      await expect.poll(() => receiver.ofType('billing.payment.recorded').length, { timeout: 15_000 }).toBe(1 + replayed)
      expect(receiver.received.every((request) => request.verified)).toBe(true)

      await admin.getByRole('link', { name: 'Webhooks' }).click()
      await admin.getByRole('link', { name: receiver.url }).waitFor()
      await expectAccessible(admin, 'webhooks')
      await screenshot(admin, 'webhooks')
    } finally {
      await context.close()
      await receiver.close()
    }
  })

  it('logs out on the server: the refresh cookie no longer gives a session', async () => {
    await agent.getByRole('button', { name: 'Log out' }).click()
    await agent.getByRole('heading', { name: 'Sign in' }).waitFor()
    const refreshed = await agent.evaluate(async () => (await fetch('/session/refresh', { method: 'POST', headers: { 'x-requested-with': 'travel-crm-web' } })).status)
    expect(refreshed).toBe(401)
    await agent.goto(`${world.stack.gatewayUrl}/app/clients`)
    await agent.getByRole('heading', { name: 'Sign in' }).waitFor()
  })
})

type Api = Awaited<ReturnType<World['asPerson']>>

const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='

/** Clicks a download button and checks what arrives is the file it says (a PDF unless told). */
async function downloaded (page: Page, button: string, magic = '%PDF-'): Promise<{ name: string, path: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()])
  const path = await download.path()
  expect(readFileSync(path).subarray(0, magic.length).toString('latin1')).toBe(magic)
  return { name: download.suggestedFilename(), path }
}

function textOfPdf (path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' })
}

/** A client, a trip and an invoice for it, made through the API as another user would. */
async function anInvoice (api: Api, destination: string, amount: string): Promise<{ id: number }> {
  const stamp = `${destination.toLowerCase()}.${Date.now()}`
  const client = await (await api('POST', '/clients', { name: `Client for ${destination}`, email: `${stamp}@example.com`, phone: '+34 91 555 0100' })).json() as { id: number }
  const trip = await (await api('POST', '/trips', { client_id: client.id, destination, start_date: '2027-06-01', end_date: '2027-06-10', price: amount })).json() as { id: number }
  const invoice = await api('POST', '/invoices', { trip_id: trip.id, due_date: '2027-05-01', amount })
  if (invoice.status !== 201) throw new Error(`invoice: ${await invoice.text()}`)
  return await invoice.json() as { id: number }
}
