import type { Persistence } from '@travel-crm/service-kit'

export const persistence: Persistence = {
  entities: [],
  migrations: []
}
