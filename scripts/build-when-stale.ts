/**
 * `pnpm start`'s build step, under tsx, when scripts/build-freshness.mjs cannot tell that nothing changed: the
 * web app the gateway serves at /app/, and the services (compiled, then bundled), each built when it is missing
 * or stale; then the record of what it read, for the next start to check without this step. scripts/launch.mjs
 * runs the bundled launcher after it, with plain node; this process, with tsx and TypeScript loaded, has ended by
 * then.
 */
import { ensureWebBuild } from '../web/scripts/ensure-build.js'
import { writeBuildRecord } from './build-record.js'
import { buildServices } from './service-build.js'

const startedAt = Date.now()
await ensureWebBuild()
await buildServices()
writeBuildRecord(startedAt)
