import type { Booking, Supplier } from '@travel-crm/contracts'

// The lists in the order the screens offer them. Contracts' own would bring its schemas (and their validator)
// into the bundle; a unit test holds these equal to them.
export const SUPPLIER_KINDS: ReadonlyArray<Supplier['kind']> = ['airline', 'hotel', 'transfer', 'tour', 'insurance', 'car', 'cruise', 'other']
export const BOOKING_STATUSES: ReadonlyArray<Booking['status']> = ['pending', 'confirmed', 'cancelled']
