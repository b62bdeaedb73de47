import { createAccessTokenVerifier, createService, type ServiceApp } from '@travel-crm/service-kit'
import { accessTokenIssuer } from './access-tokens.js'
import { Accounts } from './accounts.js'
import type { AuthConfig } from './config.js'
import { confirmCurrentAccount } from './current-account.js'
import { LoginThrottle } from './login-throttle.js'
import { persistence } from './persistence.js'
import { browserSessionRoutes } from './routes/browser-sessions.js'
import { ownPasswordRoutes } from './routes/own-password.js'
import { publicRoutes } from './routes/public-keys.js'
import { tokenRoutes } from './routes/tokens.js'
import { userRoutes } from './routes/users.js'
import { Sessions } from './sessions.js'
import { SignIn } from './sign-in.js'
import { loadSigningKeys } from './signing-keys.js'

export async function buildApp (config: AuthConfig): Promise<ServiceApp> {
  const keys = await loadSigningKeys(config)
  const sessions = new Sessions(config.REFRESH_TOKEN_TTL)
  let accounts: Accounts | undefined
  return await createService({
    name: 'auth',
    config,
    persistence,
    // Auth verifies its own routes' tokens with the keys it publishes, exactly as every other service does.
    verifier: createAccessTokenVerifier({ keys: keys.resolve, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE }),
    routes: async (app) => {
      accounts = new Accounts(app.orm, app.transact, sessions)
      const signIn = new SignIn(app.orm, sessions, new LoginThrottle(config), accessTokenIssuer(keys, config), config.ACCESS_TOKEN_TTL)
      app.addHook('preParsing', confirmCurrentAccount(accounts))
      await publicRoutes(app, keys)
      await tokenRoutes(app, signIn)
      await browserSessionRoutes(app, signIn, config.REFRESH_TOKEN_TTL)
      await userRoutes(app, accounts)
      await ownPasswordRoutes(app, accounts)
    },
    onReady: async (app) => {
      if (config.BOOTSTRAP_ADMIN_PASSWORD === undefined || accounts === undefined) return
      const created = await accounts.ensureAdmin(config.BOOTSTRAP_ADMIN_USERNAME, config.BOOTSTRAP_ADMIN_PASSWORD)
      if (created !== undefined) app.log.info({ username: created.username }, 'bootstrap admin created')
    }
  })
}
