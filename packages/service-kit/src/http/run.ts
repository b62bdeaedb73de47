import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { ConfigError } from './config.js'

export interface Listening {
  host: string
  port: number
  shutdownTimeoutMs: number
}

/**
 * Process entry: builds the app, listens, and on SIGINT/SIGTERM stops taking requests, lets in-flight ones
 * finish, flushes the outbox and closes connections — or gives up after the timeout.
 */
export async function runProcess (build: () => Promise<{ app: FastifyInstance, listen: Listening }>): Promise<void> {
  let built: { app: FastifyInstance, listen: Listening }
  try {
    built = await build()
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(78)
    }
    process.stderr.write(`failed to start: ${(error as Error).stack ?? String(error)}\n`)
    process.exit(1)
  }
  const { app, listen } = built
  closeWithGrace({ delay: listen.shutdownTimeoutMs }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'stopping after an unexpected error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })
  await app.listen({ host: listen.host, port: listen.port })
}
