import { ensureWebBuild } from '../scripts/ensure-build.js'

/** The browser tests drive the built app as the gateway serves it: build it first when it is stale. */
export async function setup (): Promise<void> {
  await ensureWebBuild()
}
