import { OwnPasswordChange } from '@travel-crm/contracts'
import { noContent, problemResponses } from '@travel-crm/service-kit/http'
import { changeOf, servicePlugin } from '@travel-crm/service-kit/messaging'
import type { Accounts } from '../accounts.js'
import { passwordMatches } from '../passwords.js'
import { AuthProblems } from '../problems.js'

/**
 * `POST /me/password`: any user changes their own password, proving it with the current one. The change is an
 * ordinary account update (same rules, same event), so it also ends every session of the user.
 */
export const ownPasswordRoutes = servicePlugin<{ accounts: Accounts }>(async (app, { accounts }) => {
  app.post('/me/password', {
    schema: { body: OwnPasswordChange, response: { ...problemResponses(400, 401, 403) } }
  }, async (request, reply) => {
    const actor = request.actor
    const user = actor === undefined ? null : await accounts.current(actor.id, actor.sessionGeneration ?? 0)
    if (actor === undefined || user === null || user.disabled) throw new AuthProblems.accountInactive()
    if (!await passwordMatches(user.passwordHash, request.body.current_password)) throw new AuthProblems.wrongCurrentPassword()
    await accounts.update(changeOf(request, AuthProblems.staleVersion), actor.id, { password: request.body.new_password })
    return noContent(reply)
  })
})
