/**
 * `pnpm start`'s first step, under tsx: the web app the gateway serves at /app/, and the services (compiled,
 * then bundled), each built when it is missing or stale. Then package.json starts the bundled launcher with
 * plain node; this process, with tsx and TypeScript loaded, has ended by then.
 */
import { ensureWebBuild } from '../web/scripts/ensure-build.js'
import { buildServices } from './service-build.js'

await ensureWebBuild()
await buildServices()
