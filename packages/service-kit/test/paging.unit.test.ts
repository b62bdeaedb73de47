import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Fastify, { type FastifyInstance } from 'fastify'
import { paged } from '../src/http/index.js'

/** A list of `total` numbers served the way every service serves its lists. */
describe('paged', () => {
  let app: FastifyInstance

  beforeAll(async () => {
    app = Fastify()
    app.get<{ Querystring: { limit?: string, offset?: string, total?: string } }>('/things', async (request, reply) => {
      const limit = Number(request.query.limit ?? 50)
      const offset = Number(request.query.offset ?? 0)
      const total = Number(request.query.total ?? 0)
      const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, index) => offset + index)
      return paged(request, reply, total, { limit, offset }).send(items)
    })
    await app.ready()
  })

  afterAll(async () => { await app?.close() })

  it('keeps the body a JSON array and gives the total in X-Total-Count', async () => {
    const response = await app.inject({ method: 'GET', url: '/things?total=3&limit=10' })
    expect(response.json()).toEqual([0, 1, 2])
    expect(response.headers['x-total-count']).toBe('3')
    expect(response.headers['link']).toBeUndefined()
  })

  it('links the next page, keeping the other query parameters', async () => {
    const response = await app.inject({ method: 'GET', url: '/things?total=5&name=Ana%20Lima&limit=2&offset=1' })
    expect(response.json()).toEqual([1, 2])
    expect(response.headers['link']).toBe('</things?total=5&name=Ana+Lima&limit=2&offset=3>; rel="next"')
  })

  it('adds limit and offset to the link when the caller left them to their defaults', async () => {
    const response = await app.inject({ method: 'GET', url: '/things?total=51' })
    expect(response.headers['link']).toBe('</things?total=51&limit=50&offset=50>; rel="next"')
  })

  it('gives no next link on the last page, whether it is full or not, nor past the end', async () => {
    for (const url of ['/things?total=4&limit=2&offset=2', '/things?total=5&limit=2&offset=4', '/things?total=5&limit=2&offset=9', '/things?total=0']) {
      const response = await app.inject({ method: 'GET', url })
      expect(response.headers['link'], url).toBeUndefined()
      expect(response.headers['x-total-count'], url).toBe(new URL(url, 'http://x').searchParams.get('total'))
    }
  })
})
