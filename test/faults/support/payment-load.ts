import { addMoney } from '@travel-crm/contracts'
import type { Call } from '@travel-crm/testkit'

/** One payment request as the load sent it, and what came back. */
export interface Attempt {
  reference: string
  idempotencyKey: string
  invoiceId: number
  amount: string
  paymentDate: string
  /** 0 when no HTTP answer came at all. */
  status: number
  paymentId?: number
  code?: string
}

export interface PaymentLoadOptions {
  call: Call
  token: string
  invoiceIds: number[]
  /** Requests in flight at once. */
  writers?: number
  /** Where each request goes, in turn; the gateway when omitted. */
  baseUrls?: Array<string | undefined>
  /** A bound, whatever happens: the load never sends more than this. */
  maxRequests?: number
  /** A name that keeps the references of two loads apart. */
  label: string
  /** A pause each writer takes between two requests. */
  paceMs?: number
}

/**
 * Payments taken one after another by a few concurrent writers, each with a reference and an
 * `Idempotency-Key` of its own, so that afterwards every acknowledged one can be looked for and every
 * unanswered one retried. Amounts are a few euros spread over three months, well within the invoices.
 */
export class PaymentLoad {
  readonly attempts: Attempt[] = []
  private running = false
  private loops: Array<Promise<void>> = []
  private sent = 0

  constructor (private readonly options: PaymentLoadOptions) {}

  start (): this {
    this.running = true
    this.loops = Array.from({ length: this.options.writers ?? 3 }, async () => { await this.loop() })
    return this
  }

  async stop (): Promise<Attempt[]> {
    this.running = false
    await Promise.all(this.loops)
    return this.attempts
  }

  /** Waits until at least `count` more requests have been answered (or the bound is reached). */
  async answered (count: number): Promise<void> {
    const target = this.attempts.length + count
    while (this.running && this.attempts.length < target && this.sent < this.maxRequests) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  acknowledged (): Attempt[] {
    return this.attempts.filter((attempt) => attempt.status === 201)
  }

  /** Sends every request that was not acknowledged again, with its own key, until each is. */
  async retryUnacknowledged (): Promise<Attempt[]> {
    const retried: Attempt[] = []
    for (const attempt of this.attempts.filter((one) => one.status !== 201)) {
      const again = await this.send({ ...attempt }, undefined)
      Object.assign(attempt, again)
      retried.push(attempt)
    }
    return retried
  }

  private get maxRequests (): number {
    return this.options.maxRequests ?? 2000
  }

  private async loop (): Promise<void> {
    while (this.running && this.sent < this.maxRequests) {
      const n = this.sent
      this.sent += 1
      const invoiceId = this.options.invoiceIds[n % this.options.invoiceIds.length] as number
      const attempt: Attempt = {
        reference: `${this.options.label}-${n}`,
        idempotencyKey: `${this.options.label}-key-${n}`,
        invoiceId,
        amount: `${(n % 9) + 1}.${String((n * 37) % 100).padStart(2, '0')}`,
        paymentDate: `2027-0${(n % 3) + 1}-15`,
        status: -1
      }
      const baseUrls = this.options.baseUrls ?? [undefined]
      const answered = await this.send(attempt, baseUrls[n % baseUrls.length])
      this.attempts.push(answered)
      // A refused request is not hammered again at once: clients are told to come back later.
      const pause = Math.max(this.options.paceMs ?? 0, answered.status === 201 ? 0 : 50)
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause))
    }
  }

  private async send (attempt: Attempt, baseUrl: string | undefined): Promise<Attempt> {
    try {
      const reply = await this.options.call('POST', '/payments', {
        token: this.options.token,
        ...(baseUrl !== undefined ? { baseUrl } : {}),
        headers: { 'idempotency-key': attempt.idempotencyKey },
        body: { invoice_id: attempt.invoiceId, amount: attempt.amount, payment_date: attempt.paymentDate, payment_method: 'card', reference: attempt.reference }
      })
      return {
        ...attempt,
        status: reply.status,
        ...(reply.status === 201 ? { paymentId: reply.body.id as number } : {}),
        ...(typeof reply.body?.code === 'string' ? { code: reply.body.code as string } : {})
      }
    } catch {
      return { ...attempt, status: 0 }
    }
  }
}

/** What the attempts add up to, exactly. */
export function totalOf (attempts: Attempt[]): string {
  return addMoney('0', ...attempts.map((attempt) => attempt.amount))
}
