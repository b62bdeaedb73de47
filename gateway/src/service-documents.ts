import type { ServiceName } from '@travel-crm/contracts'
import type { OpenApiDocument } from './api-document.js'
import type { Upstreams } from './upstreams.js'

interface Held { document: OpenApiDocument, fetchedAt: number }

export interface ServiceDocumentSet {
  /** The newest document each service gave; a service that never answered is missing. */
  documents: Partial<Record<ServiceName, OpenApiDocument>>
  missing: ServiceName[]
}

/**
 * The OpenAPI document of each service, fetched from its `GET /openapi.json` and kept: a document changes
 * only when the service is deployed again, so it is refetched once it is older than `maxAgeMs`. A service
 * that does not answer is asked again on the next call, and meanwhile its last document is used.
 */
export class ServiceDocuments {
  private readonly held = new Map<ServiceName, Held>()
  private readonly fetching = new Map<ServiceName, Promise<void>>()

  constructor (private readonly upstreams: Upstreams, private readonly maxAgeMs: number, private readonly timeoutMs = 2000) {}

  async current (): Promise<ServiceDocumentSet> {
    const services = Object.keys(this.upstreams) as ServiceName[]
    await Promise.all(services.filter((service) => this.isStale(service)).map(async (service) => { await this.refresh(service) }))
    const documents: Partial<Record<ServiceName, OpenApiDocument>> = {}
    for (const service of services) {
      const held = this.held.get(service)
      if (held !== undefined) documents[service] = held.document
    }
    return { documents, missing: services.filter((service) => documents[service] === undefined) }
  }

  private isStale (service: ServiceName): boolean {
    const held = this.held.get(service)
    return held === undefined || Date.now() - held.fetchedAt >= this.maxAgeMs
  }

  /** One fetch per service at a time, however many requests wait for it. */
  private async refresh (service: ServiceName): Promise<void> {
    let pending = this.fetching.get(service)
    if (pending === undefined) {
      pending = this.fetchDocument(service).finally(() => { this.fetching.delete(service) })
      this.fetching.set(service, pending)
    }
    await pending
  }

  private async fetchDocument (service: ServiceName): Promise<void> {
    try {
      const response = await fetch(new URL('/openapi.json', this.upstreams[service]), { signal: AbortSignal.timeout(this.timeoutMs) })
      if (!response.ok) return
      const document = await response.json() as OpenApiDocument
      if (typeof document.openapi !== 'string' || typeof document.paths !== 'object') return
      this.held.set(service, { document, fetchedAt: Date.now() })
    } catch {
      // Down or slow: the last document stays in use, and the next request asks again.
    }
  }
}
