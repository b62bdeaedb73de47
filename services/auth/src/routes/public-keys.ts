import { PublicKeySet, RoleList, ROLES } from '@travel-crm/contracts'
import type { ServiceApp } from '@travel-crm/service-kit'
import type { SigningKeys } from '../signing-keys.js'

export async function publicRoutes (app: ServiceApp, keys: SigningKeys): Promise<void> {
  app.get('/roles', { schema: { response: { 200: RoleList } } }, async () => ROLES)

  // Verifiers refetch on an unknown `kid`, so a short cache lifetime only bounds how long a removed key lingers.
  app.get('/.well-known/jwks.json', {
    schema: { response: { 200: PublicKeySet } }
  }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(keys.jwks))
}
