import { LoginBody, RefreshTokenBody, TokenPair } from '@travel-crm/contracts'
import { noContent, problemResponses, uncached } from '@travel-crm/service-kit/http'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { retryAfterOf } from '../problems.js'
import type { SignIn } from '../sign-in.js'

export const tokenRoutes = servicePlugin<{ signIn: SignIn }>(async (app, { signIn }) => {
  app.post('/login', {
    schema: { body: LoginBody, response: { 200: TokenPair, ...problemResponses(401, 429) } },
    onError: async (_request, reply, error) => {
      const wait = retryAfterOf(error)
      if (wait !== undefined) void reply.header('retry-after', String(wait))
    }
  }, async (request, reply) => {
    const pair = await signIn.login(request.body, request.ip)
    return uncached(reply).send(pair)
  })

  app.post('/refresh', {
    schema: { body: RefreshTokenBody, response: { 200: TokenPair, ...problemResponses(401) } }
  }, async (request, reply) => {
    const pair = await signIn.refresh(request.body.refresh_token)
    return uncached(reply).send(pair)
  })

  app.post('/logout', {
    schema: { body: RefreshTokenBody, response: {} }
  }, async (request, reply) => {
    await signIn.logout(request.body.refresh_token)
    return noContent(reply)
  })
})
