import { existsSync, statSync } from 'node:fs'
import { join, normalize, sep } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { problemBody, sendProblem } from '@travel-crm/service-kit/http'
import type { GatewayConfig } from './config.js'
import type { Limiters } from './security.js'

export const WEB_APP_PREFIX = '/app/'

/**
 * The app's own policy: scripts and styles from this origin only, no inline script, nothing framed. Inline
 * style attributes are allowed because the component kit positions popovers and sets CSS variables with them;
 * a style cannot run code.
 */
export const WEB_APP_CONTENT_SECURITY_POLICY = [
  'default-src \'self\'',
  'script-src \'self\'',
  'style-src \'self\' \'unsafe-inline\'',
  'img-src \'self\' data:',
  'font-src \'self\'',
  'connect-src \'self\'',
  'object-src \'none\'',
  'base-uri \'self\'',
  'form-action \'self\'',
  'frame-ancestors \'none\''
].join('; ')

/** Vite names every built asset by its content's hash: a changed file gets a new name, so an old one never changes. */
function cacheControlOf (path: string): string {
  return path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

/**
 * The web app at `/app/`: files of the build as they are, and `index.html` for every other path under it, so
 * that a deep link (`/app/clients/42`) or a reload opens the app, whose router shows the page. `/` leads there.
 */
export async function registerWebApp (app: FastifyInstance, config: GatewayConfig, limiters: Limiters): Promise<void> {
  const root = normalize(config.WEB_APP_DIR)
  app.get('/', { onRequest: limiters.everyRoute }, async (_request, reply) => await reply.redirect(WEB_APP_PREFIX, 302))
  const serve = async (request: FastifyRequest, reply: FastifyReply, wanted: string) => {
    if (!existsSync(join(root, 'index.html'))) {
      return sendProblem(reply, problemBody(503, 'WEB_APP_NOT_BUILT', 'The web app is not built: run `pnpm --filter web build` (pnpm start does it)', request.url))
    }
    const file = normalize(join(root, wanted))
    if (wanted !== '' && file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) return await reply.sendFile(wanted)
    // A missing hashed asset is a stale page asking for an old build: a 404, not the app's HTML in its place.
    if (wanted.startsWith('assets/')) return sendProblem(reply, problemBody(404, 'NOT_FOUND', 'No such file in the web app', request.url))
    return await reply.sendFile('index.html')
  }
  await app.register(fastifyStatic, {
    root,
    serve: false,
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      void reply.header('cache-control', cacheControlOf(path)).header('content-security-policy', WEB_APP_CONTENT_SECURITY_POLICY)
    }
  })
  // The router ignores a trailing slash, so this route also answers `/app/`: only the bare `/app` is sent on.
  app.get('/app', { onRequest: limiters.everyRoute }, async (request, reply) => {
    return request.url.split('?')[0] === '/app' ? await reply.redirect(WEB_APP_PREFIX, 301) : await serve(request, reply, '')
  })
  app.get(`${WEB_APP_PREFIX}*`, { onRequest: limiters.everyRoute }, async (request, reply) => await serve(request, reply, (request.params as { '*': string })['*']))
}
