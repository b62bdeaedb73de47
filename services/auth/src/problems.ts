import { defineProblems, STALE_VERSION_MESSAGE, withExtensions } from '@travel-crm/service-kit/http'
import { es } from './problem-words/es.js'
import { sv } from './problem-words/sv.js'

export const AUTH_PROBLEMS = {
  invalidCredentials: ['AUTH_INVALID_CREDENTIALS', 'Unknown username or wrong password', 401],
  loginThrottled: ['AUTH_LOGIN_THROTTLED', 'Too many failed logins; try again in %s seconds', 429],
  invalidRefreshToken: ['AUTH_INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or already used', 401],
  accountInactive: ['AUTH_ACCOUNT_INACTIVE', 'This account is disabled or no longer exists', 401],
  registrationNeedsAdmin: ['AUTH_REGISTRATION_NEEDS_ADMIN', 'Users exist already: only an admin may register users', 401],
  usernameTaken: ['AUTH_USERNAME_TAKEN', 'The username "%s" is taken', 409],
  passwordContainsUsername: ['AUTH_PASSWORD_CONTAINS_USERNAME', 'The password must not contain the username', 400],
  passwordCommon: ['AUTH_PASSWORD_COMMON', 'This password is among the most common passwords, which attackers try first: choose another (a few unrelated words make a good one)', 400],
  passwordPredictable: ['AUTH_PASSWORD_PREDICTABLE', 'The password repeats a few characters or runs in sequence (aaaa…, abcd…, 1234…): choose another', 400],
  userNotFound: ['AUTH_USER_NOT_FOUND', 'User %s not found', 404],
  lastAdmin: ['AUTH_LAST_ADMIN', 'User %s is the last active admin: make another admin first', 409],
  staleVersion: ['AUTH_STALE_VERSION', STALE_VERSION_MESSAGE, 412],
  crossSiteRequest: ['AUTH_CROSS_SITE_REQUEST', 'A browser session request must come from the app itself: %s', 403],
  // 403, not 401: the caller is signed in; a 401 would tell a client to refresh its token and try again.
  wrongCurrentPassword: ['AUTH_WRONG_CURRENT_PASSWORD', 'The current password is not right', 403]
} as const

export type AuthProblemName = keyof typeof AUTH_PROBLEMS

/** Auth's refusals, each with a stable code that clients and tests rely on; worded in every app language. */
export const AuthProblems = defineProblems('AUTH', AUTH_PROBLEMS, { sv, es })

export function loginThrottled (retryAfterSeconds: number): Error {
  return withExtensions(new AuthProblems.loginThrottled(String(retryAfterSeconds)), { retry_after: retryAfterSeconds })
}

/** The seconds a throttled login must wait, for the `Retry-After` header. */
export function retryAfterOf (error: Error): number | undefined {
  const wait = (error as { problemExtensions?: { retry_after?: unknown } }).problemExtensions?.retry_after
  return typeof wait === 'number' ? wait : undefined
}
