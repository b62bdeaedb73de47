import type { FastifyRequest } from 'fastify'
import { decideAccess, findPolicy } from '@travel-crm/contracts'
import { Problems } from '@travel-crm/service-kit/http'
import type { Accounts } from './accounts.js'
import { AuthProblems } from './problems.js'

/**
 * Auth holds the accounts, so on its own routes a valid token is not enough: the account must still exist,
 * be enabled and have a role the route allows now. (Other services trust the token until it expires.)
 */
export function confirmCurrentAccount (accounts: Accounts) {
  return async (request: FastifyRequest): Promise<void> => {
    const actor = request.actor
    if (actor === undefined) return
    const account = await accounts.current(actor.id)
    if (account === null) throw new AuthProblems.accountInactive()
    request.actor = { id: account.id, username: account.username, role: account.role }
    const policy = findPolicy(request.method === 'HEAD' ? 'GET' : request.method, request.routeOptions.url ?? '')
    if (policy !== undefined && decideAccess(policy.access, account.role) === 'forbidden') {
      throw new Problems.forbidden(`${request.method} ${policy.url}`)
    }
  }
}
