import cookie from '@fastify/cookie'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  BROWSER_SESSION_HEADER, BROWSER_SESSION_HEADER_VALUE, BROWSER_SESSION_PATH, BrowserSession, LoginBody, REFRESH_COOKIE,
  type TokenPair
} from '@travel-crm/contracts'
import { noContent, problemResponses, uncached } from '@travel-crm/service-kit/http'
import { servicePlugin } from '@travel-crm/service-kit/messaging'
import { AuthProblems, retryAfterOf } from '../problems.js'
import type { SignIn } from '../sign-in.js'

/**
 * SameSite=Strict keeps the cookie off cross-site requests in current browsers; these two checks hold where it
 * does not (older browsers, a sibling subdomain): the app's own header, and an Origin, when the browser sends
 * one, equal to the address the request came to.
 */
function refuseCrossSite (request: FastifyRequest): void {
  if (request.headers[BROWSER_SESSION_HEADER] !== BROWSER_SESSION_HEADER_VALUE) {
    throw new AuthProblems.crossSiteRequest(`the ${BROWSER_SESSION_HEADER} header is missing`)
  }
  const origin = request.headers.origin
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
    throw new AuthProblems.crossSiteRequest(`origin ${origin} is not this site`)
  }
}

/**
 * Login, refresh and logout for the web app. The tokens and their rotation are exactly the JSON API's (SignIn);
 * only the refresh token moves into an httpOnly, SameSite=Strict cookie sent to `/session` routes alone, so
 * that no script on the page, injected or not, can read it.
 */
export const browserSessionRoutes = servicePlugin<{ signIn: SignIn, refreshTokenTtlSeconds: number }>(async (app, { signIn, refreshTokenTtlSeconds }) => {
  await app.register(cookie)

  const started = (request: FastifyRequest, reply: FastifyReply, pair: TokenPair): BrowserSession => {
    void reply.setCookie(REFRESH_COOKIE, pair.refresh_token, {
      path: BROWSER_SESSION_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      maxAge: refreshTokenTtlSeconds
    })
    uncached(reply)
    return { access_token: pair.access_token, token_type: pair.token_type, expires_in: pair.expires_in }
  }
  const ended = (request: FastifyRequest, reply: FastifyReply): void => {
    void reply.clearCookie(REFRESH_COOKIE, { path: BROWSER_SESSION_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https' })
  }

  app.post(BROWSER_SESSION_PATH, {
    schema: { body: LoginBody, response: { 200: BrowserSession, ...problemResponses(401, 403, 429) } },
    onRequest: async (request) => { refuseCrossSite(request) },
    onError: async (_request, reply, error) => {
      const wait = retryAfterOf(error)
      if (wait !== undefined) void reply.header('retry-after', String(wait))
    }
  }, async (request, reply) => {
    return started(request, reply, await signIn.login(request.body, request.ip))
  })

  app.post(`${BROWSER_SESSION_PATH}/refresh`, {
    schema: { response: { 200: BrowserSession, ...problemResponses(401, 403) } },
    onRequest: async (request) => { refuseCrossSite(request) }
  }, async (request, reply) => {
    const token = request.cookies[REFRESH_COOKIE]
    if (token === undefined || token === '') throw new AuthProblems.invalidRefreshToken()
    try {
      return started(request, reply, await signIn.refresh(token))
    } catch (error) {
      // A spent or revoked cookie is useless: the browser should stop sending it.
      ended(request, reply)
      throw error
    }
  })

  app.post(`${BROWSER_SESSION_PATH}/logout`, {
    schema: { response: { ...problemResponses(403) } },
    onRequest: async (request) => { refuseCrossSite(request) }
  }, async (request, reply) => {
    const token = request.cookies[REFRESH_COOKIE]
    if (token !== undefined && token !== '') await signIn.logout(token)
    ended(request, reply)
    return noContent(reply)
  })
})
