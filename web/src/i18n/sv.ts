import type { Catalog } from './en.js'

export const sv = {
  app: { name: 'Travel CRM' },
  live: { on: 'Live', off: 'Frånkopplad', onHint: 'Andras ändringar visas direkt', offHint: 'Ansluter igen: andras ändringar visas när anslutningen är tillbaka' },
  nav: {
    agency: 'Byrån', suppliers: 'Leverantörer', dashboard: 'Översikt', clients: 'Kunder', trips: 'Resor', invoices: 'Fakturor', reports: 'Rapporter', users: 'Användare', webhooks: 'Webhooks',
    logout: 'Logga ut', language: 'Språk', menu: 'Meny', sections: 'Avsnitt',
    commissions: 'Provisioner'
  },
  roles: { admin: 'Administratör', agent: 'Resesäljare', analyst: 'Analytiker' },
  account: {
    title: 'Ditt konto', linkLabel: 'Ditt konto ({{username}})', changePassword: 'Byt lösenord', current: 'Nuvarande lösenord',
    new: 'Nytt lösenord', repeat: 'Nytt lösenord igen', rules: '10 till 200 tecken, inte ditt användarnamn', submit: 'Byt lösenord',
    mismatch: 'De två nya lösenorden skiljer sig åt.', changed: 'Lösenordet är bytt. Andra enheter måste logga in igen.'
  },
  login: {
    title: 'Logga in', username: 'Användarnamn', password: 'Lösenord', submit: 'Logga in',
    failed: 'Okänt användarnamn eller fel lösenord.'
  },
  common: {
    save: 'Spara', close: 'Stäng', cancel: 'Avbryt', edit: 'Redigera', delete: 'Ta bort', actions: 'Åtgärder', loading: 'Laddar…',
    none: 'Inget här ännu.', csv: 'Ladda ner CSV', pdf: 'Ladda ner PDF', currency: 'Valuta', pageOf: '{{from}}–{{to}} av {{total}}', added: 'Tillagd'
  },
  errors: {
    title: 'Det gick inte',
    forbiddenTitle: 'Inte tillåtet',
    forbidden: 'Din roll får inte göra detta. Fråga en administratör om du behöver det.',
    notFoundTitle: 'Hittades inte',
    notFound: 'Posten finns inte, eller har tagits bort.',
    stale: 'Någon annan ändrade posten först.',
    tooMany: 'För många förfrågningar: vänta en stund och försök igen.',
    unavailable: 'Tjänsten är inte tillgänglig just nu; försök snart igen.',
    network: 'Inget svar från servern: kontrollera anslutningen.'
  },
  archive: {
    filter: 'Arkiverade poster', live: 'Aktiva', include: 'Med arkiverade', only: 'Bara arkiverade', badge: 'Arkiverad',
    archive: 'Arkivera', restore: 'Återställ', archived: 'Arkiverad: borta ur listorna, kvar i alla rapporter.', restored: 'Återställd.'
  },
  problems: {
    CRM_CLIENT_HAS_PAYMENTS: 'Mottagna betalningar på kundens resor: {{payments}}. Mottagna pengar sparas: arkivera kunden i stället.',
    CRM_TRIP_HAS_PAYMENTS: 'Mottagna betalningar på resan: {{payments}}. Mottagna pengar sparas: arkivera resan i stället.',
    CRM_CLIENT_ARCHIVED: 'Kunden är arkiverad: återställ den först.',
    BILLING_CLIENT_ARCHIVED: 'Kunden är arkiverad: återställ den innan den faktureras.',
    BILLING_TRIP_ARCHIVED: 'Resan är arkiverad: återställ den innan den faktureras.',
    AUTH_WRONG_CURRENT_PASSWORD: 'Det nuvarande lösenordet stämmer inte.',
    AUTH_LAST_ADMIN: 'Det här är den sista aktiva administratören: gör först en annan användare till administratör.',
    AUTH_USERNAME_TAKEN: 'Användarnamnet är upptaget.',
    AUTH_PASSWORD_IS_USERNAME: 'Lösenordet får inte vara användarnamnet.',
    CRM_CLIENT_EMAIL_TAKEN: 'En annan kund har redan den här e-postadressen.'
  },
  stale: {
    title: 'Ändrad av någon annan',
    body: 'Någon sparade posten efter att du öppnade den. Det du skrev finns kvar.',
    reload: 'Hämta deras version',
    reloaded: 'Deras version: {{details}}. Det du skrev finns kvar; spara för att ersätta deras version.'
  },
  statement: {
    title: 'Kontoutdrag', totals: 'Kontoutdragets summor', invoiced: 'Fakturerat', paid: 'Betalt', balance: 'Att betala',
    lines: 'Kontoutdragets rader', day: 'Datum', entry: 'Post', charged: 'Debiterat', received: 'Mottaget',
    invoiceLine: 'Faktura {{id}} · {{destination}} · {{status}}', paymentLine: 'Betalning på faktura {{id}} · {{method}}'
  },
  status: { all: 'Alla', Pending: 'Obetald', 'Partially Paid': 'Delbetald', Paid: 'Betald', Overdue: 'Förfallen', Cancelled: 'Makulerad' },
  dashboard: {
    title: 'Översikt', revenueThisMonth: 'Intäkter denna månad', revenue12: 'Intäkter, senaste 12 månaderna',
    balances: 'Öppna och förfallna saldon', open: 'Öppet', overdue: 'Förfallet',
    dueSoon: 'Fakturor som förfaller inom 14 dagar', departures: 'Kommande avresor', topClients: 'Största kunderna',
    overdueInvoices_one: '{{count}} förfallen faktura', overdueInvoices_other: '{{count}} förfallna fakturor',
    allInvoices: 'Alla fakturor'
  },
  clients: {
    title: 'Kunder', new: 'Ny kund', edit: 'Redigera kund', search: 'Sök kunder', searchHint: 'Skriv en del av ett namn',
    name: 'Namn', email: 'E-post', phone: 'Telefon', company: 'Företag', statementCsv: 'Kontoutdrag (CSV)', statementPdf: 'Kontoutdrag (PDF)',
    confirmDelete: 'Ta bort {{name}} med resor och anteckningar?'
  },
  tripStatus: { all: 'Alla', inquiry: 'Förfrågan', quoted: 'Offererad', booked: 'Bokad', completed: 'Genomförd', cancelled: 'Avbokad' },
  trips: {
    status: 'Status', moveTo: 'Markera som {{status}}', moves: 'Flytta resan', moved: 'Resan är nu {{status}}.', byStatus: 'Resor per status',
    title: 'Resor', new: 'Ny resa', edit: 'Redigera resa', heading: 'Resa till {{destination}}', client: 'Kund',
    destination: 'Resmål', startDate: 'Avresa', endDate: 'Hemresa', dates: 'Datum', price: 'Pris', notes: 'Anteckningar',
    startsFrom: 'Avresa från', startsTo: 'Avresa till och med'
  },
  travellers: {
    title: 'Resenärer', add: 'Lägg till resenär', edit: 'Ändra resenär', firstName: 'Förnamn', lastName: 'Efternamn',
    name: 'Namn', dateOfBirth: 'Födelsedatum', nationality: 'Nationalitet', nationalityHint: 'Två bokstäver, till exempel SE eller ES',
    passportNumber: 'Passnummer', passportExpiry: 'Passet går ut', lead: 'Huvudresenär', leadBadge: 'Huvudresenär',
    editNamed: 'Ändra {{name}}', removeNamed: 'Ta bort {{name}}', confirmRemove: 'Ta bort {{name}} från resan?',
    passportTooSoon: 'Passet för {{name}} går ut mindre än sex månader efter att resan slutar.', passportWarning: 'Passet går ut för tidigt'
  },
  bookings: {
    title: 'Bokningar', add: 'Lägg till bokning', edit: 'Ändra bokning', supplier: 'Leverantör', kind: 'Typ', description: 'Beskrivning',
    confirmationRef: 'Bekräftelse', startDate: 'Från', endDate: 'Till', status: 'Status', cost: 'Kostnad', sell: 'Försäljningspris',
    commission: 'Provision', commissionHint: 'Lämna tomt för leverantörens standardsats', margin: 'Marginal', totals: 'Summor per valuta',
    editNamed: 'Ändra {{description}}', cancelNamed: 'Avboka {{description}}', confirmCancel: 'Avboka bokningen {{description}}?'
  },
  bookingStatus: { pending: 'Väntande', confirmed: 'Bekräftad', cancelled: 'Avbokad' },
  suppliers: {
    title: 'Leverantörer', new: 'Ny leverantör', edit: 'Ändra leverantör', name: 'Namn', kind: 'Typ', email: 'E-post', phone: 'Telefon',
    rate: 'Standardprovision (%)', editNamed: 'Ändra {{name}}', deleteNamed: 'Ta bort {{name}}', confirmDelete: 'Ta bort leverantören {{name}}?',
    deleted: '{{name}} togs bort.'
  },
  supplierKinds: { airline: 'Flygbolag', hotel: 'Hotell', transfer: 'Transfer', tour: 'Tur', insurance: 'Försäkring', car: 'Hyrbil', cruise: 'Kryssning', other: 'Annat' },
  agency: {
    title: 'Byråns uppgifter', intro: 'Det som fakturor, kontoutdrag och rapporter skriver i sidhuvud, betalningsinstruktioner och sidfot.',
    legalName: 'Juridiskt namn', address: 'Adress', vatNumber: 'Momsregistreringsnummer', iban: 'IBAN', bic: 'BIC', email: 'E-post', phone: 'Telefon',
    footer: 'Sidfot på fakturor', numberFormat: 'Format för fakturanummer', logo: 'Logotyp (PNG eller SVG, högst 100 kB)', currentLogo: 'Byråns logotyp',
    removeLogo: 'Ta bort logotypen', logoTooLarge: 'Logotypen är större än 100 kB.', saved: 'Byråns uppgifter är sparade.'
  },
  invoices: {
    title: 'Fakturor', new: 'Ny faktura', number: 'Faktura', numbered: 'Faktura {{number}}', pdf: 'Faktura (PDF)', month: 'Månad', zip: 'Månadens fakturor (zip)', amount: 'Belopp', paid: 'Betalt',
    balance: 'Att betala', status: 'Status', dueDate: 'Förfaller', issueDate: 'Utfärdad', for: 'Avser', trip: 'Resa', client: 'Kund',
    cancel: 'Makulera faktura', confirmCancel: 'Makulera faktura {{id}}? Den kan inte betalas efteråt.'
  },
  payments: {
    title: 'Betalningar', record: 'Registrera betalning', submit: 'Registrera betalning', openBalance: 'Att betala', amount: 'Belopp',
    method: 'Betalsätt', date: 'Datum', reference: 'Referens',
    methods: { card: 'Kort', 'bank transfer': 'Banköverföring', cash: 'Kontant' },
    amountFormat: 'Ange ett belopp som 250 eller 250.50.',
    aboveBalance: 'Det är mer än återstående saldo på {{balance}}.'
  },
  notes: { title: 'Anteckningar', add: 'Ny anteckning', edit: 'Redigera anteckning', save: 'Lägg till anteckning' },
  reports: {
    departures: 'Avresor', days: 'Dagar framåt', departing: 'Avresa', openBalance: 'Öppet saldo', notInvoiced: 'Ej fakturerat',
    travellers: 'Resenärer', unconfirmedBookings: 'Bokningar att bekräfta', passportWarnings: 'Pass',
    passport: { PASSPORT_MISSING: '{{name}}: inget pass ännu', PASSPORT_EXPIRES_TOO_SOON: '{{name}}: passet går ut för tidigt' },
    title: 'Rapporter', invoiceSummary: 'Fakturasammanställning', monthlyRevenue: 'Intäkter per månad', revenueByClient: 'Intäkter per kund',
    unpaidInvoices: 'Obetalda fakturor', year: 'År', month: 'Månad', revenue: 'Intäkter',
    paidAmount: 'Betalt', pendingBalance: 'Öppet saldo', overdueBalance: 'Förfallet saldo',
    pipeline: 'Försäljningstratt', from: 'Från', to: 'Till', trips: 'Resor', value: 'Värde', pipelineStatuses: 'Resor per status',
    pipelineMonths: 'Förfrågningar per månad', inquiries: 'Förfrågningar', booked: 'Bokade', lost: 'Förlorade', open: 'Öppna', conversion: 'Konvertering'
  },
  webhooks: {
    title: 'Webhooks', new: 'Ny webhook', edit: 'Redigera webhook', endpointTitle: 'Webhook {{id}}',
    intro: 'Mottagare av byråns händelser, signerade (Standard Webhooks), försökta igen i ett dygn och möjliga att skicka om.',
    url: 'URL', events: 'Händelser', eventsHint: 'Ämnesmönster: billing.payment.recorded, billing.invoice.*, billing.> eller > för alla',
    description: 'Beskrivning', state: 'Läge', enabled: 'På', disabled: 'Av', failingSince: 'Misslyckas sedan',
    enable: 'Slå på', disable: 'Stäng av', enabledDone: 'Webhooken är på igen.', disabledDone: 'Webhooken är avstängd.',
    ping: 'Skicka testping', pingSent: 'En testping är på väg.',
    rotate: 'Byt hemlighet', confirmRotate: 'Skapa en ny signeringshemlighet? Den gamla signerar vid sidan av en tid.', rotated: 'En ny hemlighet signerar från och med nu.',
    rotatedTitle: 'Den nya signeringshemligheten', overlap: 'Den gamla hemligheten signerar också till {{until}}.',
    confirmDelete: 'Ta bort webhooken till {{url}} med dess leveranser?', deleted: 'Webhooken togs bort.',
    createdTitle: 'Webhook skapad: dess signeringshemlighet',
    secretOnce: 'Kopiera hemligheten nu: den visas bara denna gång och kan inte läsas igen.', copy: 'Kopiera hemligheten', copied: 'Kopierad', secretKept: 'Jag har sparat den',
    deliveries: 'Leveranser', attemptedAt: 'När', event: 'Händelse', attempt: 'Försök', outcome: 'Utfall', status: 'Svar',
    duration: 'Tid', response: 'Svar (början)', nextRetry: 'Nästa försök',
    milliseconds_one: '{{count}} ms', milliseconds_other: '{{count}} ms',
    outcomes: { delivered: 'Levererad', retrying: 'Försöker igen', parked: 'Uppgiven' },
    replay: 'Skicka om', replayHint: 'Skicka igen varje händelse sedan en tidpunkt som webhookens mönster matchar, i den ordning de hände.',
    since: 'Sedan', replaySend: 'Skicka om',
    replayed_one: '{{count}} händelse köad att skickas igen.', replayed_other: '{{count}} händelser köade att skickas igen.',
    replayMore: 'Fler händelser matchar, från strömsekvens {{sequence}}.', replayNext: 'Köa nästa sida'
  },
  // Kundens historik (granskningsspår) och personuppgifter (GDPR): export och radering.
  privacy: {
    history: 'Historik', historyCsv: 'Ladda ner historik som CSV', when: 'När', who: 'Vem', record: 'Post', action: 'Händelse',
    changes: 'Ändringar', reason: 'Skäl', system: 'Systemet',
    download: 'Ladda ner personuppgifter', erase: 'Radera personuppgifter', eraseTitle: 'Radera personuppgifterna för {{name}}',
    eraseExplained: 'Namn, e-post, telefon, företag, anteckningar och resenärernas personuppgifter ersätts för gott. Resor, fakturor och betalningar finns kvar med belopp och datum.',
    confirmation: 'Skriv kundens namn för att bekräfta: {{name}}', confirmationMismatch: 'Skriv kundens namn exakt som det visas.',
    reasonRequired: 'Ange varför kunden raderas.', eraseSubmit: 'Radera för gott', erased: 'Kundens personuppgifter är raderade.',
    actions: { created: 'Skapande', updated: 'Ändring', deleted: 'Borttagning', erased: 'Radering', archived: 'Arkivering', restored: 'Återställning' },
    kinds: {
      user: 'Användare', client: 'Kund', note: 'Anteckning', trip: 'Resa', traveller: 'Resenär', supplier: 'Leverantör', booking: 'Bokning',
      invoice: 'Faktura', payment: 'Betalning', agency: 'Byrå', endpoint: 'Webhook'
    }
  },
  users: {
    title: 'Användare', new: 'Ny användare', username: 'Användarnamn', password: 'Lösenord', role: 'Roll', roleOf: 'Roll för {{username}}',
    state: 'Läge', active: 'Aktiv', disabled: 'Avstängd', created: 'Skapad',
    enable: 'Aktivera', disable: 'Stäng av', enableNamed: 'Aktivera {{username}}', disableNamed: 'Stäng av {{username}}',
    deleteNamed: 'Ta bort {{username}}', confirmDelete: 'Ta bort användaren {{username}}?',
    roleChanged: '{{username}} är nu {{role}}.', enabled: '{{username}} kan logga in igen.',
    disabledDone: '{{username}} kan inte längre logga in.', deleted: '{{username}} togs bort.'
  },
  installments: {
    title: 'Delbetalningar', nextDue: 'Nästa förfallodag', dueDate: 'Förfaller', amount: 'Belopp', paid: 'Betalt', balance: 'Kvar', status: 'Status',
    how: 'Betalningsvillkor', modes: { single: 'En betalning', schedule: 'Handpenning och slutbetalning', installments: 'Delbetalningar' },
    depositPercent: 'Handpenning (%)', balanceDays: 'Slutbetalning, dagar före avresa',
    scheduleHint: 'Handpenningen förfaller på fakturadagen, slutbetalningen så många dagar före avresan ({{departure}}).',
    dueNumbered: 'Förfallodag {{number}}', amountNumbered: 'Belopp {{number}}', removeNumbered: 'Ta bort delbetalning {{number}}', add: 'Lägg till delbetalning',
    sum: 'Delbetalningarna blir {{sum}} av {{amount}} ({{left}} kvar att fördela)', amountFormat: 'Ange varje belopp som 250 eller 250.50.',
    mismatch: 'Delbetalningarna måste bli exakt {{amount}}.'
  },
  commissionStatus: { Expected: 'Väntad', 'Partially Received': 'Delvis mottagen', Received: 'Mottagen', Overdue: 'Förfallen', Cancelled: 'Makulerad' },
  commissions: {
    title: 'Provisioner', supplier: 'Leverantör', allSuppliers: 'Alla leverantörer', status: 'Status', dueDate: 'Förfaller', booking: 'Bokning',
    bookingNumbered: 'Bokning {{id}}', expected: 'Väntat', received: 'Mottaget', balance: 'Kvar',
    record: 'Registrera provisionsbetalning', recordNumbered: 'Registrera provisionsbetalning för bokning {{id}}', of: 'Öppen provision från {{supplier}}',
    receivedDate: 'Mottagen den', recorded: 'Betalningen från {{supplier}} är registrerad.'
  }
} satisfies Catalog
