import { buildHttpApp, createAccessTokenVerifier, policyLayer, type HttpApp } from '@travel-crm/service-kit/http'
import { dataLayer } from '@travel-crm/service-kit/data'
import { messagingLayer, serviceAppOf, type ServiceApp } from '@travel-crm/service-kit/messaging'
import { accessTokenIssuer } from './access-tokens.js'
import { Accounts } from './accounts.js'
import type { AuthConfig } from './config.js'
import { confirmCurrentAccount } from './current-account.js'
import { LoginThrottle } from './login-throttle.js'
import { persistence } from './persistence.js'
import { publicRoutes } from './routes/public-keys.js'
import { tokenRoutes } from './routes/tokens.js'
import { userRoutes } from './routes/users.js'
import { Sessions } from './sessions.js'
import { SignIn } from './sign-in.js'
import { loadSigningKeys } from './signing-keys.js'

/**
 * Auth as a plugin: the layers it takes, verifying its own routes' tokens with the keys it publishes exactly
 * as every other service does, then its routes; the bootstrap admin exists before the app serves.
 */
export async function auth (app: HttpApp, { config }: { config: AuthConfig }): Promise<void> {
  const keys = await loadSigningKeys(config)
  const verifier = createAccessTokenVerifier({ keys: keys.resolve, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE })
  await app.register(policyLayer, { service: 'auth', config, verifier })
  await app.register(dataLayer, { service: 'auth', config, persistence })
  await app.register(messagingLayer, { service: 'auth', config })
  const { orm, transact } = serviceAppOf(app)
  const sessions = new Sessions(config.REFRESH_TOKEN_TTL)
  const accounts = new Accounts(orm, transact, sessions)
  const signIn = new SignIn(orm, sessions, new LoginThrottle(config), accessTokenIssuer(keys, config), config.ACCESS_TOKEN_TTL)
  app.addHook('preParsing', confirmCurrentAccount(accounts))
  await app.register(publicRoutes, { keys })
  await app.register(tokenRoutes, { signIn })
  await app.register(userRoutes, { accounts })
  if (config.BOOTSTRAP_ADMIN_PASSWORD !== undefined) {
    const created = await accounts.ensureAdmin(config.BOOTSTRAP_ADMIN_USERNAME, config.BOOTSTRAP_ADMIN_PASSWORD)
    if (created !== undefined) app.log.info({ username: created.username }, 'bootstrap admin created')
  }
}

export async function buildApp (config: AuthConfig): Promise<ServiceApp> {
  return serviceAppOf(await buildHttpApp('auth', config, auth))
}
