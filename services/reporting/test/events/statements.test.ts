import { describe, expect, it } from 'vitest'
import { aClient, aPayment, aTrip, anInvoice } from '../support/records.js'
import { reportingUnderTest } from '../support/reporting.js'

const reporting = reportingUnderTest()

describe('what an event costs the database', () => {
  it('applies a payment to the read models and the audit trail in one transaction of six statements, the trail\'s entry and the change count in the last before the commit', async () => {
    const client = aClient()
    const trip = aTrip(client)
    const invoice = anInvoice(trip)
    await reporting.publish('crm.client.created', client)
    await reporting.publish('crm.trip.created', trip)
    await reporting.publish('billing.invoice.created', invoice)
    await reporting.settled()

    const statements: string[] = []
    const knex = reporting.app.orm.em.getConnection().getKnex()
    const seen = (query: { sql: string }) => { statements.push(query.sql.replace(/\s+/g, ' ')) }
    // Prepared statements go to the driver directly, past knex's query event.
    const driverClient = (knex.client as { driver: { Client: { prototype: { query: (...args: unknown[]) => unknown } } } }).driver.Client.prototype
    const query = driverClient.query
    driverClient.query = function (this: unknown, ...args: unknown[]) {
      const config = args[0] as { name?: unknown, text?: unknown } | string
      if (typeof config === 'object' && typeof config.name === 'string') seen({ sql: String(config.text) })
      return query.apply(this, args)
    }
    knex.on('query', seen)
    try {
      await reporting.publish('billing.payment.recorded', aPayment(invoice, { amount: '10.00' }))
      await reporting.settled()
    } finally {
      knex.off('query', seen)
      driverClient.query = query
    }
    // Every statement a payment's event costs: each one more is paid on every payment, twice (its invoice's event too).
    expect(statements.map((sql) => /^\w+;?(?: \w+){0,2}/.exec(sql)?.[0])).toEqual([
      'BEGIN;',
      'insert into inbox',
      // The record's locks and deletion check are taken by its upsert.
      'insert into payment',
      'with entered as',
      // The trail's entry and the read models' change count, written by the statement that ends the transaction.
      'with write_0 as',
      'COMMIT;'
    ])
    expect(statements[2]).toMatch(/where not lock_record\(/)
    expect(statements[4]).toMatch(/^with write_0 as \( ?update read_model_changes set changes = changes \+ 1 where id = 1\), write_1 as \( ?insert into audit_entry/)
  })
})
