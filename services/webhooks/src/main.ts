import { runProcess } from '@travel-crm/service-kit/http'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'

await runProcess(async () => {
  const config = loadConfig()
  const app = await buildApp(config)
  return { app, listen: { host: config.HOST, port: config.port, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS } }
})
