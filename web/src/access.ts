import { decideAccess, findPolicy, type HttpMethod } from '@travel-crm/contracts/policy'
import type { Role } from '@travel-crm/contracts'

/**
 * Whether a role may call a route, read from the same policy table the gateway and the services enforce. The
 * screens hide what a role may not do; the API refuses it anyway, and the screens show that refusal too.
 */
export function may (role: Role | undefined, method: HttpMethod, url: string): boolean {
  const policy = findPolicy(method, url)
  return role !== undefined && policy !== undefined && decideAccess(policy.access, role) === 'allow'
}
