import { Compile } from 'typebox/compile'
import { ClientKeyRequest, QUERY_SUBJECTS } from '@travel-crm/contracts'
import { answerQueries, servicePlugin } from '@travel-crm/service-kit/messaging'
import { clientKeyReply } from '../client-keys.js'

const requestCheck = Compile(ClientKeyRequest)

/**
 * Answers `crm.query.client-key`: the services that consume crm's events open their sealed personal fields
 * with it. Only services may publish on `crm.query.*` (deploy/nats/nats-server.conf); a question it cannot
 * read gets no answer.
 */
export const clientKeyResponder = servicePlugin(async (app) => {
  answerQueries(app, QUERY_SUBJECTS.clientKey, 'crm', async (body) => {
    const request: unknown = JSON.parse(body)
    if (!requestCheck.Check(request)) throw new Error('not a client key request')
    return await clientKeyReply(app.orm.em.fork(), request.key_id)
  })
})
