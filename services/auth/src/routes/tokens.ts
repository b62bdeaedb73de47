import type { Static } from 'typebox'
import { LoginBody, RefreshTokenBody, TokenPair } from '@travel-crm/contracts'
import { problemResponses, type ServiceApp } from '@travel-crm/service-kit'
import { retryAfterOf } from '../problems.js'
import type { SignIn } from '../sign-in.js'
import { uncached } from './replies.js'

export async function tokenRoutes (app: ServiceApp, signIn: SignIn): Promise<void> {
  app.post<{ Body: LoginBody }>('/login', {
    schema: { body: LoginBody, response: { 200: TokenPair, ...problemResponses(401, 429) } },
    onError: async (_request, reply, error) => {
      const wait = retryAfterOf(error)
      if (wait !== undefined) void reply.header('retry-after', String(wait))
    }
  }, async (request, reply) => {
    const pair = await signIn.login(request.body, request.ip)
    return uncached(reply).send(pair)
  })

  app.post<{ Body: Static<typeof RefreshTokenBody> }>('/refresh', {
    schema: { body: RefreshTokenBody, response: { 200: TokenPair, ...problemResponses(401) } }
  }, async (request, reply) => {
    const pair = await signIn.refresh(request.body.refresh_token)
    return uncached(reply).send(pair)
  })

  app.post<{ Body: Static<typeof RefreshTokenBody> }>('/logout', {
    schema: { body: RefreshTokenBody, response: {} }
  }, async (request, reply) => {
    await signIn.logout(request.body.refresh_token)
    return reply.code(204).send()
  })
}
