import { runLoad, type LoadResult } from '../load.js'
import type { Scene } from '../scene.js'
import type { Target } from '../target.js'

export interface PaymentLoad {
  connections: number
  durationSeconds: number
  /** A steady rate instead of as fast as the stack answers. */
  ratePerSecond?: number
}

/**
 * `POST /payments` through the gateway as a client that never retries: 1.00 at a time on the scene's invoices in
 * turn, each with an Idempotency-Key of its own. An invoice is locked while a payment on it commits, so payments
 * on one invoice queue by design; spreading them over many keeps that from being what is measured.
 */
export async function paymentLoader (target: Target, scene: Scene, reference: string): Promise<(load: PaymentLoad) => Promise<LoadResult>> {
  const bodies = (await scene.invoices()).map((id) => JSON.stringify({ invoice_id: id, amount: '1.00', payment_method: 'card', reference }))
  return async (load) => await runLoad({
    url: target.gatewayUrl,
    method: 'POST',
    headers: { authorization: scene.agent.bearer, 'content-type': 'application/json' },
    paths: ['/payments'],
    bodies,
    uniqueIdempotencyKey: true,
    ...load
  })
}
