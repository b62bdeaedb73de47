import type { Persistence } from '@travel-crm/service-kit/data'
import { Booking } from './entities/booking.js'
import { Client } from './entities/client.js'
import { ClientKey } from './entities/client-key.js'
import { Note } from './entities/note.js'
import { Supplier } from './entities/supplier.js'
import { Traveller } from './entities/traveller.js'
import { Trip } from './entities/trip.js'
import { ClientsTripsNotes20261127000000 } from './migrations/20261127000000-clients-trips-notes.js'
import { TwoCharacterSearch20261128000000 } from './migrations/20261128000000-two-character-search.js'
import { InvoicedTrips20261204220000 } from './migrations/20261204220000-invoiced-trips.js'
import { Travel20261205000000 } from './migrations/20261205000000-travel.js'
import { ClientErasure20261205200000 } from './migrations/20261205200000-client-erasure.js'
import { MoneyHistory20261205211000 } from './migrations/20261205211000-money-history.js'
import { ClientKeys20261205220000 } from './migrations/20261205220000-client-keys.js'
import { SearchPendingLists20261206060000 } from './migrations/20261206060000-search-pending-lists.js'
import { BigramsCompiledOnce20261206200000 } from './migrations/20261206200000-bigrams-compiled-once.js'

export const persistence: Persistence = {
  entities: [Client, ClientKey, Trip, Note, Traveller, Supplier, Booking],
  migrations: [
    { name: 'ClientsTripsNotes20261127000000', class: ClientsTripsNotes20261127000000 },
    { name: 'TwoCharacterSearch20261128000000', class: TwoCharacterSearch20261128000000 },
    { name: 'InvoicedTrips20261204220000', class: InvoicedTrips20261204220000 },
    { name: 'Travel20261205000000', class: Travel20261205000000 },
    { name: 'ClientErasure20261205200000', class: ClientErasure20261205200000 },
    { name: 'MoneyHistory20261205211000', class: MoneyHistory20261205211000 },
    { name: 'ClientKeys20261205220000', class: ClientKeys20261205220000 },
    { name: 'SearchPendingLists20261206060000', class: SearchPendingLists20261206060000 },
    { name: 'BigramsCompiledOnce20261206200000', class: BigramsCompiledOnce20261206200000 }
  ],
  extensions: ['pg_trgm']
}
