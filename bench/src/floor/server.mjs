// The least code Node serves `GET /clients/:id` with, for `read_client_floor` (bench/README.md): what the
// platform itself costs per request on this machine, set beside what the stack costs for the same call. Plain
// JavaScript run by plain node, so that neither tsx nor the stack's own code is in the process it measures.
//
//   node server.mjs read  <database url> <schema>   a node:http server, one prepared statement on a pg pool
//   node server.mjs proxy <upstream origin>         a node:http server forwarding to it through an undici pool
//
// Each listens on a port of the kernel's choosing on 127.0.0.1 and prints `{"port": …}` once it listens.
import { Buffer } from 'node:buffer'
import { createServer } from 'node:http'
import process from 'node:process'
import pg from 'pg'
import { Pool } from 'undici'

const CLIENT_PATH = /^\/clients\/(\d+)$/
// As many connections as each service's own pool and the gateway's pool to a service.
const CONNECTIONS = 10

function notFound (response) {
  response.writeHead(404, { 'content-type': 'application/problem+json' })
  response.end('{"type":"about:blank","title":"Not Found","status":404}')
}

function reader (databaseUrl, schema) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: CONNECTIONS })
  const statement = {
    name: 'floor_client',
    text: `select id, name, email, phone, company, created_at, updated_at, version from "${schema}".client where id = $1`
  }
  return async (request, response) => {
    const id = CLIENT_PATH.exec(request.url ?? '')?.[1]
    if (id === undefined) return notFound(response)
    const { rows: [row] } = await pool.query({ ...statement, values: [Number(id)] })
    if (row === undefined) return notFound(response)
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', etag: `"${row.version}"` })
    response.end(JSON.stringify(row))
  }
}

function proxy (upstreamOrigin) {
  const upstream = new Pool(upstreamOrigin, { connections: CONNECTIONS })
  return async (request, response) => {
    const answer = await upstream.request({ method: 'GET', path: request.url, headers: { authorization: request.headers.authorization ?? '' } })
    const body = Buffer.from(await answer.body.arrayBuffer())
    response.writeHead(answer.statusCode, { 'content-type': answer.headers['content-type'] ?? 'application/octet-stream' })
    response.end(body)
  }
}

const [mode, ...settings] = process.argv.slice(2)
const handle = mode === 'read' ? reader(settings[0], settings[1]) : mode === 'proxy' ? proxy(settings[0]) : undefined
if (handle === undefined) throw new Error(`unknown mode ${mode}: read <database url> <schema> or proxy <upstream origin>`)

const server = createServer((request, response) => {
  handle(request, response).catch((error) => {
    // A failure must show in the load's figures (a non-2xx answer), never as a quietly dropped request.
    process.stderr.write(`${error.stack ?? error}\n`)
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' })
    response.end()
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`))
