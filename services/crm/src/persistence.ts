import type { Persistence } from '@travel-crm/service-kit/data'
import { Client } from './entities/client.js'
import { Note } from './entities/note.js'
import { Trip } from './entities/trip.js'
import { ClientsTripsNotes20261127000000 } from './migrations/20261127000000-clients-trips-notes.js'
import { TwoCharacterSearch20261128000000 } from './migrations/20261128000000-two-character-search.js'

export const persistence: Persistence = {
  entities: [Client, Trip, Note],
  migrations: [
    { name: 'ClientsTripsNotes20261127000000', class: ClientsTripsNotes20261127000000 },
    { name: 'TwoCharacterSearch20261128000000', class: TwoCharacterSearch20261128000000 }
  ],
  extensions: ['pg_trgm']
}
