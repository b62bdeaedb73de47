import { Type, type Static } from 'typebox'
import { Me, Problem, RegisterBody, RegisteredUser, User, UserListQuery, UserParams, UserPatch } from '@travel-crm/contracts'
import { originOf, paged, problemResponses, type ServiceApp } from '@travel-crm/service-kit'
import type { Accounts } from '../accounts.js'
import { userResource } from '../entities/user.js'
import { AuthProblems } from '../problems.js'

export async function userRoutes (app: ServiceApp, accounts: Accounts): Promise<void> {
  app.post<{ Body: RegisterBody }>('/register', {
    schema: {
      
      body: RegisterBody,
      response: { 201: RegisteredUser, ...problemResponses(401, 403, 409) }
    },
    // Anonymous requests pass the policy only while no user exists; refuse them before reading the body.
    preParsing: async (request) => {
      if (request.actor === undefined && await accounts.anyUserExists()) throw new AuthProblems.registrationNeedsAdmin()
    }
  }, async (request, reply) => {
    const { user, firstUser } = await accounts.register(originOf(request), request.actor, request.body)
    const message = firstUser ? 'First user registered: this account is an admin' : `User registered as ${user.role}`
    return reply.code(201).header('location', `/users/${user.id}`).header('etag', `"${user.version}"`)
      .send({ ...userResource(user), first_user: firstUser, message })
  })

  app.get('/me', { schema: { response: { 200: Me, 401: Problem } } }, async (request) => {
    const actor = request.actor
    if (actor === undefined) throw new AuthProblems.accountInactive()
    return { user_id: actor.id, username: actor.username, role: actor.role }
  })

  // Log out everywhere: this and every other session of the caller ends, the token of this request included.
  app.delete('/me/sessions', { schema: { response: { ...problemResponses(401) } } }, async (request, reply) => {
    const actor = request.actor
    if (actor === undefined) throw new AuthProblems.accountInactive()
    await accounts.endSessions(originOf(request), actor, actor.id)
    return reply.code(204).send()
  })

  app.get<{ Querystring: Static<typeof UserListQuery> }>('/users', {
    schema: { querystring: UserListQuery, response: { 200: Type.Array(User), ...problemResponses(401, 403) } }
  }, async (request, reply) => {
    const { limit, offset } = request.query
    const { rows, total } = await accounts.list(limit, offset)
    return paged(request, reply, total, { limit, offset }).send(rows.map(userResource))
  })

  app.patch<{ Params: Static<typeof UserParams>, Body: UserPatch }>('/users/:id', {
    schema: { params: UserParams, body: UserPatch, response: { 200: User, ...problemResponses(401, 403, 404, 409, 412) } }
  }, async (request, reply) => {
    const actor = request.actor
    if (actor === undefined) throw new AuthProblems.accountInactive()
    const user = await accounts.update(originOf(request), actor, request.params.id, request.body, request.headers['if-match'])
    return reply.header('etag', `"${user.version}"`).send(userResource(user))
  })

  // An admin's revoke: the user's sessions end everywhere; the account itself stays as it is.
  app.delete<{ Params: Static<typeof UserParams> }>('/users/:id/sessions', {
    schema: { params: UserParams, response: { ...problemResponses(401, 403, 404) } }
  }, async (request, reply) => {
    const actor = request.actor
    if (actor === undefined) throw new AuthProblems.accountInactive()
    await accounts.endSessions(originOf(request), actor, request.params.id)
    return reply.code(204).send()
  })

  app.delete<{ Params: Static<typeof UserParams> }>('/users/:id', {
    schema: { params: UserParams, response: { ...problemResponses(401, 403, 404, 409) } }
  }, async (request, reply) => {
    await accounts.remove(originOf(request), request.params.id)
    return reply.code(204).send()
  })
}
