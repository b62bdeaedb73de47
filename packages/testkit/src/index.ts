export { freePort } from './free-port.js'
export {
  findInfrastructure,
  type FindInfrastructureOptions,
  type Infrastructure,
  type InfrastructureSource
} from './infrastructure.js'
export { startNatsServer, type NatsServer } from './nats-server.js'
export { startPostgresServer, type PostgresServer } from './postgres-server.js'
export type { Endpoint } from './tcp-probe.js'
export { createTestBus, type TestBus } from './test-bus.js'
export { followStream, publishToStream, readStream, type StoredEvent, type StreamFollower } from './stream-reader.js'
export { createTestDatabase, type TestDatabase } from './test-database.js'
export { testInfrastructure } from './test-infrastructure.js'
export { createServiceEnvironment, TEST_METRICS_TOKEN, type ServiceEnvironment } from './service-environment.js'
export { startTokenIssuer, type TokenIssuer, type TestRole } from './token-issuer.js'
export { startStack, STACK_PROCESSES, type Stack, type StackProcess } from './stack.js'
export { START_COMMAND } from './start-command.js'
export * from './schema-arbitraries.js'
export * from './schema-fingerprint.js'
export { runSql } from './sql.js'
export { caller, eventually, type Call, type CallOptions, type Reply } from './http-client.js'
export { startAuthEventStream, type AuthEventStream, type AnnouncedUser } from './auth-events.js'
export { startWebhookReceiver, verifiesWith, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.js'
export { itRefusesBadInputOnEveryRoute, type ServiceUnderBadInput } from './bad-input-suite.js'
export { expectSortsBy, byNumber, byText, type ColumnOrder, type ListAnswer } from './sorted-list.js'
export { pdfText, plainSpaces } from './pdf-text.js'
