import { defineProblems, STALE_VERSION_MESSAGE, withExtensions } from '@travel-crm/service-kit/http'

/** Auth's refusals, each with a stable code that clients and tests rely on. */
export const AuthProblems = defineProblems('AUTH', {
  invalidCredentials: ['AUTH_INVALID_CREDENTIALS', 'Unknown username or wrong password', 401],
  loginThrottled: ['AUTH_LOGIN_THROTTLED', 'Too many failed logins; try again in %s seconds', 429],
  invalidRefreshToken: ['AUTH_INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or already used', 401],
  accountInactive: ['AUTH_ACCOUNT_INACTIVE', 'This account is disabled or no longer exists', 401],
  registrationNeedsAdmin: ['AUTH_REGISTRATION_NEEDS_ADMIN', 'Users exist already: only an admin may register users', 401],
  usernameTaken: ['AUTH_USERNAME_TAKEN', 'The username "%s" is taken', 409],
  passwordIsUsername: ['AUTH_PASSWORD_IS_USERNAME', 'The password must not be the username', 400],
  userNotFound: ['AUTH_USER_NOT_FOUND', 'User %s not found', 404],
  lastAdmin: ['AUTH_LAST_ADMIN', 'User %s is the last active admin: make another admin first', 409],
  staleVersion: ['AUTH_STALE_VERSION', STALE_VERSION_MESSAGE, 412]
})

export function loginThrottled (retryAfterSeconds: number): Error {
  return withExtensions(new AuthProblems.loginThrottled(String(retryAfterSeconds)), { retry_after: retryAfterSeconds })
}

/** The seconds a throttled login must wait, for the `Retry-After` header. */
export function retryAfterOf (error: Error): number | undefined {
  const wait = (error as { problemExtensions?: { retry_after?: unknown } }).problemExtensions?.retry_after
  return typeof wait === 'number' ? wait : undefined
}
