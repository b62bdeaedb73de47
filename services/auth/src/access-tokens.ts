import { createSigner } from 'fast-jwt'
import { ACCESS_TOKEN_ALGORITHM } from '@travel-crm/service-kit/http'
import type { AuthConfig } from './config.js'
import type { User } from './entities/user.js'
import type { SigningKeys } from './signing-keys.js'

export type AccessTokenIssuer = (user: Pick<User, 'id' | 'username' | 'role'>) => string

/** Access tokens are signed here and nowhere else; everyone else verifies them with the published keys. */
export function accessTokenIssuer (keys: SigningKeys, config: AuthConfig): AccessTokenIssuer {
  const sign = createSigner({
    algorithm: ACCESS_TOKEN_ALGORITHM,
    key: keys.privateKeyPem,
    kid: keys.kid,
    iss: config.JWT_ISSUER,
    aud: config.JWT_AUDIENCE,
    expiresIn: config.ACCESS_TOKEN_TTL * 1000
  })
  return (user) => sign({ sub: String(user.id), role: user.role, username: user.username, typ: 'access' })
}
