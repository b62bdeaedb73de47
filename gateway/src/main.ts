import { runProcess } from '@travel-crm/service-kit/http'
import { buildGateway } from './app.js'
import { loadConfig } from './config.js'

await runProcess(async () => {
  const config = loadConfig()
  const app = await buildGateway(config)
  return { app, listen: { host: config.HOST, port: config.GATEWAY_PORT, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS } }
})
