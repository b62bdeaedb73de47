import type { LoggerOptions } from 'pino'

/**
 * pino options naming the service on every line: JSON for machines, pretty when a person watches a terminal.
 * Secrets that may sit in headers or bodies are redacted before they reach any log.
 */
export function loggerOptions (service: string, level: string): LoggerOptions {
  const pretty = process.stdout.isTTY === true && process.env['LOG_FORMAT'] !== 'json'
  return {
    level,
    base: { service },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'password', 'refresh_token', 'access_token', '*.password', 'passport_number', '*.passport_number'],
      censor: '[redacted]'
    },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service', messageFormat: '[{service}] {msg}' }
          }
        }
      : {})
  }
}
