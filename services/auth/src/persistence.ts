import type { Persistence } from '@travel-crm/service-kit/data'
import { UserSchema } from './entities/user.js'
import { UsersAndSessions20261126100000 } from './migrations/20261126100000-users-and-sessions.js'

export const persistence: Persistence = {
  entities: [UserSchema],
  migrations: [{ name: 'UsersAndSessions20261126100000', class: UsersAndSessions20261126100000 }]
}
