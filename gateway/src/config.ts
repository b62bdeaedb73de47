import { Type } from 'typebox'
import { BaseConfig, DEFAULT_PORTS, loadConfig as load } from '@travel-crm/service-kit'

function upstream (port: number) {
  return Type.String({ pattern: '^https?://', default: `http://127.0.0.1:${port}` })
}

export function loadConfig (env: NodeJS.ProcessEnv = process.env) {
  return load({
    NODE_ENV: BaseConfig.NODE_ENV,
    LOG_LEVEL: BaseConfig.LOG_LEVEL,
    HOST: BaseConfig.HOST,
    JWT_ISSUER: BaseConfig.JWT_ISSUER,
    JWT_AUDIENCE: BaseConfig.JWT_AUDIENCE,
    SHUTDOWN_TIMEOUT_MS: BaseConfig.SHUTDOWN_TIMEOUT_MS,
    GATEWAY_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: DEFAULT_PORTS.gateway }),
    AUTH_URL: upstream(DEFAULT_PORTS.auth),
    CRM_URL: upstream(DEFAULT_PORTS.crm),
    BILLING_URL: upstream(DEFAULT_PORTS.billing),
    REPORTING_URL: upstream(DEFAULT_PORTS.reporting)
  }, env)
}

export type GatewayConfig = ReturnType<typeof loadConfig>
