import { describe, expect, it } from 'vitest'
import { formatMoney, groupedIban, invoiceDocument, pdfBytes, type DocumentAgency, type InvoiceForDocument } from '../src/index.js'
import { pdfText, plainSpaces } from '@travel-crm/testkit'

export const agency: DocumentAgency = {
  legal_name: 'Nordresor Åkesson AB',
  address: 'Götgatan 12\n116 46 Stockholm',
  vat_number: 'SE556677889901',
  iban: 'SE4550000000058398257466',
  bic: 'ESSESESS',
  email: 'office@nordresor.example',
  phone: '+46 8 555 010 20',
  logo: null,
  invoice_footer: 'Styrelsens säte: Stockholm. Godkänd för F-skatt.'
}

function anInvoice (fields: Partial<InvoiceForDocument> = {}): InvoiceForDocument {
  return {
    number: '2027-000123',
    issue_date: '2027-03-01',
    due_date: '2027-04-15',
    amount: '12345.60',
    paid_amount: '2000.05',
    currency: 'SEK',
    status: 'Partially Paid',
    client: { id: 7, name: 'Łukasz Żółćiński', email: 'lukasz@example.pl', phone: '+48 22 555 01 02', company: 'Biuro Podróży Śląsk' },
    trip: { id: 42, destination: 'Θεσσαλονίκη' },
    installments: [{ due_date: '2027-04-15', amount: '12345.60', paid: '2000.05', balance: '10345.55', status: 'Partially Paid' }],
    payments: [{ payment_date: '2027-03-05', payment_method: 'bankgiro', reference: 'Jiří Dvořák', amount: '2000.05' }],
    ...fields
  }
}

async function textOf (invoice: InvoiceForDocument, language: 'en' | 'sv' | 'es', withAgency = true): Promise<string> {
  return await pdfText(await pdfBytes(invoiceDocument(invoice, withAgency ? agency : undefined, language)))
}

describe('the invoice PDF', () => {
  it('prints the number, the exact amounts and names in Polish, Czech, Greek and Swedish as written', async () => {
    const text = await textOf(anInvoice(), 'sv')
    for (const expected of [
      'Faktura', '2027-000123', 'Łukasz Żółćiński', 'Biuro Podróży Śląsk', 'Θεσσαλονίκη (resa 42)', 'Jiří Dvořák',
      'Nordresor Åkesson AB', 'Götgatan 12', 'Momsreg.nr SE556677889901', 'Godkänd för F-skatt',
      '12 345,60 kr', '2 000,05 kr', '10 345,55 kr', '1 mars 2027', '15 apr. 2027', 'Delvis betald', 'Att betala',
      `IBAN ${groupedIban(agency.iban)}`, 'BIC ESSESESS'
    ]) expect(text, expected).toContain(expected)
    expect(text).not.toContain('?')
  })

  it('speaks English and Spanish with their own dates and money', async () => {
    const english = await textOf(anInvoice({ currency: 'EUR' }), 'en')
    for (const expected of ['Invoice', 'Balance due', '€12,345.60', '€10,345.55', '1 Mar 2027', 'Partially paid', 'Please pay €10,345.55 by 15 Apr 2027']) expect(english, expected).toContain(expected)
    const spanish = await textOf(anInvoice({ currency: 'EUR' }), 'es')
    for (const expected of ['Factura', 'Saldo pendiente', '12.345,60 €', '10.345,55 €', '1 mar 2027', 'Pagada en parte']) expect(spanish, expected).toContain(expected)
    expect(plainSpaces(formatMoney('10345.55', 'EUR', 'es'))).toBe('10.345,55 €')
  })

  it('says paid in full or cancelled instead of asking for money, and prints without agency details', async () => {
    const paid = await textOf(anInvoice({ paid_amount: '12345.60', status: 'Paid' }), 'en', false)
    expect(paid).toContain('Paid in full')
    expect(paid).not.toContain('Please pay')
    const cancelled = await textOf(anInvoice({ paid_amount: '0.00', payments: [], status: 'Cancelled' }), 'en')
    expect(cancelled).toContain('This invoice has been cancelled')
    expect(cancelled).toContain('No payments received yet')
  })

  it('prints every installment with its due date, amount, paid, balance and status, in each language', async () => {
    const installments: InvoiceForDocument['installments'] = [
      { due_date: '2027-03-15', amount: '3000.00', paid: '2000.05', balance: '999.95', status: 'Overdue' },
      { due_date: '2027-06-30', amount: '9345.60', paid: '0.00', balance: '9345.60', status: 'Pending' }
    ]
    const lines = (text: string) => text.split('\n').map((line) => plainSpaces(line).replace(/\s+/g, ' ').trim())
    const english = lines(await textOf(anInvoice({ currency: 'EUR', due_date: '2027-03-15', status: 'Overdue', installments }), 'en'))
    expect(english).toContain('Due date Amount Paid Balance Status')
    expect(english).toContain('15 Mar 2027 €3,000.00 €2,000.05 €999.95 Overdue')
    expect(english).toContain('30 Jun 2027 €9,345.60 €0.00 €9,345.60 Pending')
    const swedish = lines(await textOf(anInvoice({ due_date: '2027-03-15', status: 'Overdue', installments }), 'sv'))
    expect(swedish).toContain('Förfallodatum Belopp Betalt Saldo Status')
    expect(swedish).toContain('15 mars 2027 3 000,00 kr 2 000,05 kr 999,95 kr Förfallen')
    expect(swedish).toContain('30 juni 2027 9 345,60 kr 0,00 kr 9 345,60 kr Obetald')
    const spanish = lines(await textOf(anInvoice({ currency: 'EUR', due_date: '2027-03-15', status: 'Overdue', installments }), 'es'))
    // Spanish groups thousands only from five digits on.
    expect(spanish).toContain('Vencimiento Importe Pagado Saldo Estado')
    expect(spanish).toContain('15 mar 2027 3000,00 € 2000,05 € 999,95 € Vencida')
    expect(spanish).toContain('30 jun 2027 9345,60 € 0,00 € 9345,60 € Pendiente')
  })

  it('runs onto more pages with the payments table\'s header repeated', async () => {
    const payments = Array.from({ length: 80 }, (_, index) => ({ payment_date: '2027-03-05', payment_method: 'card', reference: `R-${index}`, amount: '1.00' }))
    const text = await textOf(anInvoice({ payments, paid_amount: '80.00' }), 'en')
    expect(text).toContain('Page 2')
    expect(text.match(/Reference/g)?.length).toBeGreaterThanOrEqual(2)
    expect(text).toContain('R-79')
  })
})
