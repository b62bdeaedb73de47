import type { Persistence } from '@travel-crm/service-kit/data'
import { EndpointsDeliveries20261204120000 } from './migrations/20261204120000-endpoints-deliveries.js'
import { DeliveryRetention20261205010000 } from './migrations/20261205010000-delivery-retention.js'

/** Endpoints and deliveries are read and written with SQL: claiming work with row locks is what this service is. */
export const persistence: Persistence = {
  entities: [],
  migrations: [
    { name: 'EndpointsDeliveries20261204120000', class: EndpointsDeliveries20261204120000 },
    { name: 'DeliveryRetention20261205010000', class: DeliveryRetention20261205010000 }
  ]
}
