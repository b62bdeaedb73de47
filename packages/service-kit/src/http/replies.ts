import type { FastifyReply } from 'fastify'
import { etagOf } from './preconditions.js'

/** The version is the entity tag: a client sends it back in `If-Match` to change what it has read. */
export function tagged<Reply extends FastifyReply> (reply: Reply, version: number): Reply {
  return reply.header('etag', etagOf(version)) as Reply
}

/** The answer to a delete (or any change with nothing to say): 204 and no body. */
export function noContent<Reply extends FastifyReply> (reply: Reply): Reply {
  return reply.code(204).send() as Reply
}

/** An answer that browsers and intermediaries must not keep (tokens). */
export function uncached<Reply extends FastifyReply> (reply: Reply): Reply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache') as Reply
}

/**
 * A document (PDF, zip) as a stream: shown in the browser (`inline`) or saved (`attachment`) under `filename`,
 * which must be ASCII (Node refuses other header bytes). Not cached: documents carry clients' money.
 */
export function sendDocument (reply: FastifyReply, document: { type: string, filename: string, disposition: 'inline' | 'attachment' }, body: NodeJS.ReadableStream | Buffer): FastifyReply {
  return uncached(reply)
    .type(document.type)
    .header('content-disposition', `${document.disposition}; filename="${document.filename}"`)
    .send(body)
}
