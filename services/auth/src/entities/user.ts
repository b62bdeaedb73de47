import { defineEntity, type InferEntity } from '@mikro-orm/postgresql'
import { ROLES, type UserPayload } from '@travel-crm/contracts'
import { auditProperties } from '@travel-crm/service-kit/data'

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    username: p.string().length(80),
    passwordHash: p.text(),
    role: p.enum([...ROLES]),
    disabled: p.boolean(),
    ...auditProperties
  })
})

export type User = InferEntity<typeof UserSchema>

/** The user as events carry it: never the password hash. */
export function userPayload (user: User): UserPayload {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    disabled: user.disabled,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    version: user.version
  }
}

/** The user as admins see it over REST. */
export function userResource (user: User) {
  return {
    ...userPayload(user),
    created_by: user.createdBy ?? null,
    updated_by: user.updatedBy ?? null
  }
}
