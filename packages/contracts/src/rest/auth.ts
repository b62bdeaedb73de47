// REST request and response schemas of the auth service: shared with the gateway's OpenAPI document.
import { Type, type Static } from 'typebox'
import { isRole, ROLES } from '../roles.js'
import { UserPayload } from '../events/payloads.js'
import { Id, LiteralUnion, Pagination, Sorting, StrictObject } from '../schemas.js'

export const USERNAME_PATTERN = '^[A-Za-z0-9._-]+$'

/** Letters, digits, `.`, `_`, `-`; unique without regard to case. */
export const Username = Type.String({ minLength: 3, maxLength: 80, pattern: USERNAME_PATTERN, examples: ['maria.rossi'] })

/**
 * Length is checked here; the rest needs the username or auth's list of common passwords, so auth checks it
 * (NIST SP 800-63B): not containing the username, not a common password, not repeated or sequential characters.
 */
export const Password = Type.String({
  minLength: 12,
  maxLength: 200,
  description: '12 to 200 characters; not containing the username, not one of the most common passwords, not repeated or sequential characters'
})

/** A role name; an unknown one is refused with the list of valid ones. */
export const RoleName = Type.Refine(
  Type.String({ maxLength: 40, description: `one of ${ROLES.join(', ')}`, examples: ['agent'] }),
  (value) => isRole(value),
  () => `must be one of: ${ROLES.join(', ')}`
)

export const RegisterBody = StrictObject({
  username: Username,
  password: Password,
  role: Type.Optional(RoleName)
})

export const LoginBody = StrictObject({
  // Not the registration rules: a login with a malformed name is simply a failed login.
  username: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.String({ minLength: 1, maxLength: 200 })
})

export const RefreshTokenBody = StrictObject({
  refresh_token: Type.String({ minLength: 1, maxLength: 200 })
})

export const TokenPair = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.String(),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'seconds until the access token expires' })
})

export const Me = Type.Object({
  user_id: Type.Integer(),
  username: Type.String(),
  role: LiteralUnion(ROLES)
})

/** A user account as admins see it: never a password or its hash. */
export const User = Type.Object({
  ...UserPayload.properties,
  created_by: Type.Union([Type.Integer(), Type.Null()]),
  updated_by: Type.Union([Type.Integer(), Type.Null()])
})

export const RegisteredUser = Type.Object({
  ...User.properties,
  first_user: Type.Boolean({ description: 'true for the first account, which is always an admin' }),
  message: Type.String()
})

export const UserPatch = StrictObject({
  role: Type.Optional(RoleName),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password)
}, { minProperties: 1 })

export const UserListQuery = StrictObject({ ...Pagination, ...Sorting(['id', 'username', 'role', 'created_at', 'updated_at']) })
export const UserParams = StrictObject({ id: Id })

export const RoleList = Type.Array(LiteralUnion(ROLES))

export const PublicKeySet = Type.Object({
  keys: Type.Array(Type.Object({
    kty: Type.String(),
    crv: Type.Optional(Type.String()),
    x: Type.Optional(Type.String()),
    kid: Type.String(),
    alg: Type.String(),
    use: Type.String()
  }))
})

export type RegisterBody = Static<typeof RegisterBody>
export type LoginBody = Static<typeof LoginBody>
export type TokenPair = Static<typeof TokenPair>
export type User = Static<typeof User>
export type UserPatch = Static<typeof UserPatch>
export type PublicKeySet = Static<typeof PublicKeySet>

/** A user changes their own password: the current one proves it is them (a stolen access token alone cannot). */
export const OwnPasswordChange = StrictObject({
  current_password: Type.String({ minLength: 1, maxLength: 200 }),
  new_password: Password
})
export type OwnPasswordChange = Static<typeof OwnPasswordChange>
export type UserListQuery = Static<typeof UserListQuery>
