import { Type } from 'typebox'
import { Me, Problem, RegisterBody, RegisteredUser, User, UserListQuery, UserParams, UserPatch } from '@travel-crm/contracts'
import { actorOf, paged, problemResponses, tagged, noContent } from '@travel-crm/service-kit/http'
import { listOrder } from '@travel-crm/service-kit/data'
import { changeOf, originOf, servicePlugin } from '@travel-crm/service-kit/messaging'
import type { Accounts } from '../accounts.js'
import { userResource } from '../entities/user.js'
import { AuthProblems } from '../problems.js'

export const userRoutes = servicePlugin<{ accounts: Accounts }>(async (app, { accounts }) => {
  app.post('/register', {
    schema: {
      body: RegisterBody,
      response: { 201: RegisteredUser, ...problemResponses(401, 403, 409) }
    },
    // Anonymous requests pass the policy only while no user exists; refuse them before reading the body.
    preParsing: async (request) => {
      if (request.actor === undefined && await accounts.anyUserExists()) throw new AuthProblems.registrationNeedsAdmin()
    }
  }, async (request, reply) => {
    const { user, firstUser } = await accounts.register(originOf(request), request.actor?.id ?? null, request.body)
    const message = firstUser ? 'First user registered: this account is an admin' : `User registered as ${user.role}`
    return tagged(reply.code(201).header('location', `/users/${user.id}`), user.version)
      .send({ ...userResource(user), first_user: firstUser, message })
  })

  app.get('/me', { schema: { response: { 200: Me, 401: Problem } } }, async (request) => {
    const actor = actorOf(request)
    return { user_id: actor.id, username: actor.username, role: actor.role }
  })

  // Log out everywhere: this and every other session of the caller ends, the token of this request included.
  app.delete('/me/sessions', { schema: { response: { ...problemResponses(401) } } }, async (request, reply) => {
    await accounts.endSessions(changeOf(request, AuthProblems.staleVersion), actorOf(request).id)
    return noContent(reply)
  })

  app.get('/users', {
    schema: { querystring: UserListQuery, response: { 200: Type.Array(User), ...problemResponses(401, 403) } }
  }, async (request, reply) => {
    const { limit, offset, sort } = request.query
    const { rows, total } = await accounts.list(limit, offset, listOrder(sort, { id: 'id', username: 'username', role: 'role', created_at: 'createdAt', updated_at: 'updatedAt' }))
    return paged(request, reply, total, { limit, offset }).send(rows.map(userResource))
  })

  app.patch('/users/:id', {
    schema: { params: UserParams, body: UserPatch, response: { 200: User, ...problemResponses(401, 403, 404, 409, 412) } }
  }, async (request, reply) => {
    const user = await accounts.update(changeOf(request, AuthProblems.staleVersion), request.params.id, request.body)
    return tagged(reply, user.version).send(userResource(user))
  })

  // An admin's revoke: the user's sessions end everywhere; the account itself stays as it is.
  app.delete('/users/:id/sessions', {
    schema: { params: UserParams, response: { ...problemResponses(401, 403, 404) } }
  }, async (request, reply) => {
    await accounts.endSessions(changeOf(request, AuthProblems.staleVersion), request.params.id)
    return noContent(reply)
  })

  app.delete('/users/:id', {
    schema: { params: UserParams, response: { ...problemResponses(401, 403, 404, 409, 412) } }
  }, async (request, reply) => {
    await accounts.remove(changeOf(request, AuthProblems.staleVersion), request.params.id)
    return noContent(reply)
  })
})
