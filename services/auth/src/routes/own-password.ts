import { OwnPasswordChange } from '@travel-crm/contracts'
import { defineProblem, originOf, problemResponses, type ServiceApp } from '@travel-crm/service-kit'
import type { Accounts } from '../accounts.js'
import { passwordMatches } from '../passwords.js'
import { AuthProblems } from '../problems.js'

// 403, not 401: the caller is signed in; a 401 would tell a client to refresh its token and try again.
const WrongCurrentPassword = defineProblem('AUTH_WRONG_CURRENT_PASSWORD', 'The current password is not right', 403)

/**
 * `POST /me/password`: any user changes their own password, proving it with the current one. The change is an
 * ordinary account update (same rules, same event), so it also ends every session of the user.
 */
export async function ownPasswordRoutes (app: ServiceApp, accounts: Accounts): Promise<void> {
  app.post<{ Body: OwnPasswordChange }>('/me/password', {
    schema: { body: OwnPasswordChange, response: { ...problemResponses(400, 401, 403) } }
  }, async (request, reply) => {
    const actor = request.actor
    const user = actor === undefined ? null : await accounts.current(actor.id)
    if (actor === undefined || user === null || user.disabled) throw new AuthProblems.accountInactive()
    if (!await passwordMatches(user.passwordHash, request.body.current_password)) throw new WrongCurrentPassword()
    await accounts.update(originOf(request), actor, actor.id, { password: request.body.new_password }, undefined)
    return reply.code(204).send()
  })
}
