/* eslint-disable @typescript-eslint/no-explicit-any -- walks untyped JSON (OpenAPI and Postman documents, API replies) by key */
/**
 * `pnpm postman`: writes docs/postman/travel-crm.postman_collection.json from the OpenAPI document of a
 * running stack (start it first with `pnpm start`; `GATEWAY_URL`, default http://127.0.0.1:3000, says where).
 * The collection starts with a "Log in" request that keeps the access token for all the others, and
 * create requests keep the new id (`client_id`, `trip_id`, …) for the requests that follow.
 * `test/docs/openapi.test.ts` fails when the committed collection no longer matches the document.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import Converter from 'openapi-to-postmanv2'

type Json = Record<string, any>

export const COLLECTION_FILE = new URL('../docs/postman/travel-crm.postman_collection.json', import.meta.url)

/** Where the committed collection sends requests: `pnpm start`'s gateway. Change `baseUrl` in Postman. */
const BASE_URL = 'http://127.0.0.1:3000'

/** The collection variable that holds the id a path parameter or body field refers to. */
const ID_VARIABLES: Record<string, string> = {
  clients: 'client_id',
  trips: 'trip_id',
  invoices: 'invoice_id',
  invoice: 'invoice_id',
  payments: 'payment_id',
  payment: 'payment_id',
  users: 'user_id',
  register: 'user_id',
  webhooks: 'webhook_id'
}

function script (lines: string[]): Json {
  return { listen: 'test', script: { type: 'text/javascript', exec: lines } }
}

const KEEP_TOKENS = script([
  'if (pm.response.code === 200) {',
  '  const tokens = pm.response.json()',
  '  pm.collectionVariables.set(\'access_token\', tokens.access_token)',
  '  pm.collectionVariables.set(\'refresh_token\', tokens.refresh_token)',
  '}'
])

function keepId (variable: string): Json {
  return script([`if (pm.response.code === 201) pm.collectionVariables.set('${variable}', pm.response.json().id)`])
}

const LOG_IN: Json = {
  name: 'Log in',
  event: [KEEP_TOKENS],
  request: {
    method: 'POST',
    auth: { type: 'noauth' },
    header: [{ key: 'Content-Type', value: 'application/json' }],
    body: { mode: 'raw', raw: '{\n  "username": "{{username}}",\n  "password": "{{password}}"\n}', options: { raw: { language: 'json' } } },
    url: { raw: '{{baseUrl}}/login', host: ['{{baseUrl}}'], path: ['login'] },
    description: 'Run this first: it keeps `access_token` (and `refresh_token`) in collection variables, and every other ' +
      'request sends it as its Bearer token. Set `username` and `password` in the collection variables ' +
      '(`pnpm demo:seed` prints demo users).'
  }
}

const VARIABLES = [
  { key: 'baseUrl', value: BASE_URL },
  { key: 'username', value: 'demo.admin' },
  { key: 'password', value: 'demo-admin-password' },
  { key: 'access_token', value: '' },
  { key: 'refresh_token', value: '' },
  ...[...new Set([...Object.values(ID_VARIABLES), 'note_id'])].map((key) => ({ key, value: '1' }))
]

async function convert (document: Json): Promise<Json> {
  return await new Promise((resolve, reject) => {
    Converter.convertV2({ type: 'json', data: document }, {
      folderStrategy: 'Tags',
      parametersResolution: 'Example',
      alwaysInheritAuthentication: true,
      enableOptionalParameters: false
    }, (error, result) => {
      const data = result?.output?.[0]?.data
      if (error !== null || result?.result !== true || data === undefined) reject(new Error(`openapi-to-postmanv2: ${error?.message ?? result?.reason ?? 'no collection'}`))
      else resolve(data as Json)
    })
  })
}

/** Postman's random ids and the converter's made-up response bodies would change on every run. */
function withoutGeneratedParts (value: unknown): any {
  if (Array.isArray(value)) return value.map(withoutGeneratedParts)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value)
    .filter(([key]) => key !== 'id' && key !== '_postman_id')
    .map(([key, item]) => [key, key === 'response' ? [] : withoutGeneratedParts(item)]))
}

function operationOf (document: Json, request: Json): Json | undefined {
  const path = `/${(request['url']['path'] as string[]).map((segment) => segment.replace(/^:(\w+)$/, '{$1}')).join('/')}`
  return document['paths']?.[path]?.[String(request['method']).toLowerCase()]
}

/** A parameter's documented example or default; never a value the converter made up. */
function documentedValue (operation: Json, name: string): string {
  if (name.endsWith('_id') && ID_VARIABLES[`${name.slice(0, -3)}s`] !== undefined) return `{{${name}}}`
  const schema = (operation['parameters'] as Json[] | undefined)?.find((parameter) => parameter['name'] === name)?.['schema'] as Json | undefined
  const value = schema?.['examples']?.[0] ?? schema?.['default']
  return value === undefined ? '' : String(value)
}

function shapeRequest (item: Json, document: Json): Json {
  const request = item['request'] as Json
  const operation = operationOf(document, request) ?? {}
  const [collection = ''] = request['url']['path'] as string[]
  for (const variable of request['url']['variable'] ?? []) {
    variable.value = variable.key === 'noteId' ? '{{note_id}}' : `{{${ID_VARIABLES[collection] ?? 'client_id'}}}`
  }
  for (const query of request['url']['query'] ?? []) query.value = documentedValue(operation, query.key)
  if (typeof request['body']?.raw === 'string') {
    request['body'].raw = (request['body'].raw as string).replace(/"(client|trip|invoice)_id": \d+/g, '"$1_id": {{$1_id}}')
  }
  if (Array.isArray(operation['security']) && operation['security'].length === 0) request['auth'] = { type: 'noauth' }
  else delete request['auth']
  const events: Json[] = []
  if (request['method'] === 'POST' && ['login', 'refresh'].includes(collection)) events.push(KEEP_TOKENS)
  if (request['method'] === 'POST' && (request['url']['path'] as string[]).length === 1 && ID_VARIABLES[collection] !== undefined) events.push(keepId(ID_VARIABLES[collection]))
  if (request['method'] === 'POST' && (request['url']['path'] as string[]).at(-1) === 'notes') events.push(keepId('note_id'))
  return { ...item, ...(events.length > 0 ? { event: events } : {}) }
}

/** The collection for an OpenAPI document: "Log in" first, then one request per operation, by tag. */
export async function postmanCollection (document: Json): Promise<Json> {
  const converted = withoutGeneratedParts(await convert(document)) as Json
  return {
    info: {
      name: 'Travel CRM API',
      description: converted['info']?.['description'],
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{access_token}}', type: 'string' }] },
    variable: VARIABLES,
    item: [
      LOG_IN,
      ...(converted['item'] as Json[]).map((folder) => ({ ...folder, item: (folder['item'] as Json[]).map((item) => shapeRequest(item, document)) }))
    ]
  }
}

async function main (): Promise<void> {
  const gateway = process.env['GATEWAY_URL'] ?? BASE_URL
  let response: Response
  try {
    response = await fetch(new URL('/openapi.json', gateway))
  } catch (error) {
    throw new Error(`No gateway answers at ${gateway} (${(error as Error).message}): start the stack with \`pnpm start\`, or set GATEWAY_URL`, { cause: error })
  }
  if (!response.ok) throw new Error(`${gateway}/openapi.json answered ${response.status}: ${await response.text()}`)
  const collection = await postmanCollection(await response.json() as Json)
  mkdirSync(new URL('.', COLLECTION_FILE), { recursive: true })
  writeFileSync(COLLECTION_FILE, `${JSON.stringify(collection, null, 2)}\n`)
  process.stdout.write(`wrote ${COLLECTION_FILE.pathname}\n`)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`)
    process.exitCode = 1
  })
}
