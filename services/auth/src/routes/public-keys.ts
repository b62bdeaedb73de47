import { PublicKeySet, RoleList, ROLES } from '@travel-crm/contracts'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import type { SigningKeys } from '../signing-keys.js'

export const publicRoutes = servicePlugin<{ keys: SigningKeys }>(async (app, { keys }) => {
  app.get('/roles', { schema: { response: { 200: RoleList } } }, async () => [...ROLES])

  // Verifiers refetch on an unknown `kid`, so a short cache lifetime only bounds how long a removed key lingers.
  app.get('/.well-known/jwks.json', {
    schema: { response: { 200: PublicKeySet } }
  }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(keys.jwks))
})
