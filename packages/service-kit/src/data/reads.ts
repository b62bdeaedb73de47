import { RawQueryFragment, type EntityData, type EntityMetadata, type EntityName, type FilterQuery } from '@mikro-orm/core'
import { raw, type QBQueryOrderMap, type SqlEntityManager } from '@mikro-orm/postgresql'
import { sortOrderOf, type SortValue } from '@travel-crm/contracts'
import { PreparedShapes, preparedStatement, runPrepared, type PreparedStatement } from './prepared-statements.js'

/*
 * Reads that only send what they read. Rows come back as plain data under the entity's property names, not as
 * managed entities: nothing will be changed or flushed, and registering entities in an identity map (and
 * propagating their references) costs more CPU than the query itself on a busy read path.
 */

const TOTAL = 'page_total'

/** An order a caller chose: an entity property and a direction. */
export interface SortBy {
  property: string
  direction: 'asc' | 'desc'
}

/**
 * A list's `sort` parameter (contracts' `Sorting`) as the entity's property to order by; each list names the
 * property behind each of its columns, so the schema's allow-list and the query cannot drift apart.
 */
export function listOrder<Column extends string> (sort: SortValue<Column> | undefined, properties: Record<Column, string>): SortBy | undefined {
  if (sort === undefined) return undefined
  const { column, direction } = sortOrderOf(sort)
  return { property: properties[column], direction }
}

/** The ORDER BY of a sorted list for a query builder of its own: the chosen column, then id the same way. */
export function orderWithTieBreak (sort: SortBy | undefined, order: 'asc' | 'desc' = 'asc'): Record<string, 'asc' | 'desc'> {
  return sort === undefined ? { id: order } : { [sort.property]: sort.direction, id: sort.direction }
}

/** One page of a list and how many rows match in all; rows of an entity are plain objects in its shape. */
export interface Page<Row> {
  rows: Row[]
  total: number
}

export interface PageQuery<Entity> {
  /** Builds the filter anew for each use: a raw fragment used as a filter key is good for one query only. */
  where: () => FilterQuery<Entity>
  /** Pages run in id order: oldest first, or newest first. */
  order: 'asc' | 'desc'
  /** The caller's chosen order (`listOrder`), before id; its direction is then id's too. */
  sort?: SortBy | undefined
  limit: number
  offset: number
  /**
   * The filter holds an indexed substring search. Postgres cannot estimate how many rows such a search matches;
   * when it guesses many, it walks the primary key in order hoping to meet a page of them soon, and for a rare
   * name reads most of the table. So the matches are found first, counted as they come (a window count, one
   * scan for both) and sorted.
   */
  search?: boolean
}

/**
 * A page of an entity's rows in id order (or in the caller's `sort`, then id) and the total that match, in one
 * statement. Without a search, the
 * count is a subquery beside the page: each part keeps its own plan (the page an index walk in order), and
 * the statement is still parsed, planned and sent once. Only a page past the last row, which carries no
 * count, needs a count of its own.
 *
 * The statement of each shape of query (which filter keys, operators and sort) is built by the query builder
 * once and then run as a prepared statement with the filter's values: building it cost a fifth of a search's
 * CPU in the service, and sent as text Postgres parsed and planned it anew each time.
 */
export async function findPage<Entity extends object> (em: SqlEntityManager, entity: EntityName<Entity>, query: PageQuery<Entity>): Promise<Page<Entity>> {
  const meta = em.getMetadata().find(entity) as EntityMetadata<Entity> | undefined
  const shape = meta === undefined ? undefined : pageShape(meta, query)
  const statement = shape === undefined || meta === undefined ? null : pageStatement(em, meta, query, shape)
  if (statement === null || shape === undefined || meta === undefined) return await builtPage(em, entity, query)
  const values = [...shape.values, query.limit, query.offset]
  const found = await runPrepared<EntityData<Entity> & Counted>(em, statement, statement.slots.map((slot) => values[slot]))
  const driver = em.getDriver()
  return await pageOf(em, entity, query, found, (row) => driver.mapResult(row, meta) as Entity)
}

/** A row of a page, with the count of all that match beside it. */
type Counted = { [TOTAL]?: string | number }

/**
 * The page from its rows: the count taken off each (and each row mapped, when it came as columns), or counted
 * apart for a page past the last row, which carries none.
 */
async function pageOf<Entity extends object, Row extends Counted> (
  em: SqlEntityManager, entity: EntityName<Entity>, query: PageQuery<Entity>, found: Row[], map: (row: Row) => Entity
): Promise<Page<Entity>> {
  const first = found[0]
  if (first === undefined) {
    return { rows: [], total: query.offset === 0 ? 0 : await em.count(entity, query.where()) }
  }
  const matching = Number(first[TOTAL])
  const rows = found.map((row) => {
    delete row[TOTAL]
    return map(row)
  })
  return { rows, total: matching }
}

/** The page's statement as the query builder makes it, with the values written in: what each new shape runs. */
function pageBuilder<Entity extends object> (em: SqlEntityManager, entity: EntityName<Entity>, query: PageQuery<Entity>, columns: string[]) {
  const search = query.search === true
  const total = search
    ? raw(`count(*) over () as ${TOTAL}`)
    : em.createQueryBuilder(entity, 'counted').count().where(query.where()).as(TOTAL)
  // `id + 0` is the same order, but no index can give it: the matches are found first, then sorted. A sorted
  // search likewise orders by `coalesce(column, column)`, the column's very value (nulls too) that no index on
  // the column can give, so a search sorted by an indexed column (a trip's start date) is not walked along it.
  const direction = query.sort?.direction ?? query.order
  const sorted = query.sort === undefined
    ? {}
    : { [search ? unindexed(em, entity, query.sort.property) : query.sort.property]: query.sort.direction }
  const orderBy = {
    ...sorted,
    ...(search ? { [raw((alias: string) => `${alias}.id + 0`)]: direction } : { id: direction })
  }
  return em.createQueryBuilder(entity)
    .select([...columns, total] as never)
    .where(query.where())
    .orderBy(orderBy as QBQueryOrderMap<Entity>)
    .limit(query.limit)
    .offset(query.offset)
}

/** A page built and run by the query builder: a shape that cannot be prepared (see `pageStatement`). */
async function builtPage<Entity extends object> (em: SqlEntityManager, entity: EntityName<Entity>, query: PageQuery<Entity>): Promise<Page<Entity>> {
  const rows = await pageBuilder(em, entity, query, ['*'])
    .execute<Array<Entity & Counted>>('all', true)
  return await pageOf(em, entity, query, rows, (row) => row)
}

/** A page query's shape (what its statement's text depends on) and its filter's values in the filter's order. */
interface PageShape {
  key: string
  values: unknown[]
}

/**
 * The shape of a page query, or undefined for a filter of other than plain values, operators and nulls (a
 * Date, an entity): those go through the query builder each time. A raw fragment used as a filter key counts
 * by its SQL, its parameters are values; it is taken out of the ORM's cache of fragments here, as running the
 * filter would, since this filter is only looked at (`where` builds a new one for the query builder).
 */
function pageShape<Entity extends object> (meta: EntityMetadata<Entity>, query: PageQuery<Entity>): PageShape | undefined {
  const values: unknown[] = []
  const filter = filterShape(query.where(), values)
  if (filter === undefined) return undefined
  const sort = query.sort === undefined ? '' : `${query.sort.property} ${query.sort.direction}`
  // knex leaves out `offset 0`: the first page's statement is another text.
  return { key: `${meta.className}|${query.search === true}|${query.order}|${sort}|${query.offset > 0}|${filter}`, values }
}

function filterShape (filter: unknown, values: unknown[]): string | undefined {
  if (typeof filter === 'string' || typeof filter === 'number' || typeof filter === 'boolean') {
    values.push(filter)
    return '?'
  }
  if (filter === null) return 'null'
  if (Array.isArray(filter)) {
    const items = filter.map((item) => filterShape(item, values))
    return items.includes(undefined) ? undefined : `[${items.join(',')}]`
  }
  if (typeof filter !== 'object' || Object.getPrototypeOf(filter) !== Object.prototype) return undefined
  const parts: string[] = []
  for (const [key, value] of Object.entries(filter)) {
    let part: string | undefined
    if (RawQueryFragment.isKnownFragment(key)) {
      const fragment = RawQueryFragment.getKnownFragment(key) as RawQueryFragment
      values.push(...fragment.params as unknown[])
      const condition = filterShape(value, values)
      part = fragment.params.every((param) => typeof param === 'string' || typeof param === 'number') && condition !== undefined
        ? `(${fragment.sql}):${condition}`
        : undefined
    } else {
      const condition = filterShape(value, values)
      part = condition === undefined ? undefined : `${JSON.stringify(key)}:${condition}`
    }
    if (part === undefined) {
      forgetFragments(filter)
      return undefined
    }
    parts.push(part)
  }
  return `{${parts.join(',')}}`
}

/** Takes a filter's raw fragments out of the ORM's cache: the filter is given up. */
function forgetFragments (filter: object): void {
  for (const [key, value] of Object.entries(filter)) {
    if (RawQueryFragment.isKnownFragment(key)) RawQueryFragment.getKnownFragment(key)
    if (value !== null && typeof value === 'object') forgetFragments(value)
  }
}

/** A page's prepared statement and, for each of its parameters, the index of its value in `[...filter values, limit, offset]`. */
type PageStatement = PreparedStatement & { slots: number[] }

/**
 * By shape; null: that shape's statement cannot be run with other values (see `pageStatement`). The filters and
 * sorts of a list combine into a few thousand shapes at most; past 1,000, a new shape is built each time.
 */
const pageStatements = new PreparedShapes<PageStatement | null>(1000)

/**
 * The prepared statement of a page of this shape, built by the query builder the first time. The builder's
 * bindings must each be one of the filter's values (the count beside a page repeats them), then the limit and
 * the offset; a shape where they are not (a value a property's type converts, a constant) is built each time.
 * The entity's columns are named (`storedColumns`).
 */
function pageStatement<Entity extends object> (em: SqlEntityManager, meta: EntityMetadata<Entity>, query: PageQuery<Entity>, shape: PageShape): PageStatement | null {
  return pageStatements.of(shape.key, () => newPageStatement(em, meta, query, shape)) ?? null
}

/** A new shape's statement; null when it cannot be reused, undefined when these values cannot tell. */
function newPageStatement<Entity extends object> (em: SqlEntityManager, meta: EntityMetadata<Entity>, query: PageQuery<Entity>, shape: PageShape): PageStatement | null | undefined {
  const built = pageBuilder(em, meta.class, query, storedColumns(meta)).getKnexQuery().toSQL()
  const bindings = [...built.bindings as unknown[]]
  const paging = query.offset > 0 ? [query.limit, query.offset] : [query.limit]
  const tail = bindings.splice(bindings.length - paging.length)
  const slots = bindings.map((binding) => {
    const at = shape.values.indexOf(binding)
    // Two equal values: which goes where cannot be told from these; another request's values will tell.
    return at !== -1 && shape.values.indexOf(binding, at + 1) !== -1 ? -2 : at
  })
  if (slots.includes(-2)) return undefined
  const reusable = !slots.includes(-1) && tail.every((binding, index) => binding === paging[index]) &&
    shape.values.every((_value, index) => slots.includes(index))
  return reusable
    ? { ...preparedStatement(built.toNative().sql), slots: [...slots, ...paging.map((_value, index) => shape.values.length + index)] }
    : null
}

/**
 * The entity's stored properties, for a prepared statement to select by name rather than `*`: a prepared `*`
 * fails ("cached plan must not change result type") on every connection that prepared it once a migration adds
 * a column while this process runs.
 */
function storedColumns (meta: EntityMetadata): string[] {
  return meta.props.filter((property) => property.persist !== false && property.fieldNames.length > 0).map((property) => property.name)
}

/** A property's column as an ORDER BY key that keeps its order but cannot be read from an index. */
function unindexed<Entity extends object> (em: SqlEntityManager, entity: EntityName<Entity>, property: string): string {
  const properties = em.getMetadata().find(entity)?.properties as Record<string, { fieldNames: string[] } | undefined> | undefined
  const column = properties?.[property]?.fieldNames[0] ?? property
  return raw((alias: string) => `coalesce(${alias}."${column}", ${alias}."${column}")`) as unknown as string
}

/**
 * A one-row read prepared (its text with `$1`…, the driver's form), the same SQL with `?` for each value of its
 * filter in the filter's key order (the ORM's form, for a read in a transaction) and the constants after the
 * values (the limit); null: not reusable.
 */
type RowStatement = (PreparedStatement & { sql: string, constants: unknown[] }) | null

/** By entity, then by the filter's keys. Few shapes exist (a record by id, a child by id and parent). */
const rowStatements = new Map<string, Map<string, RowStatement>>()

/** Equality on plain values only: `{ id, tripId }`, not operators, nulls or relations. */
function plainEquality (where: object): unknown[] | undefined {
  const values = Object.values(where)
  return values.length > 0 && values.every((value) => typeof value === 'number' || typeof value === 'string') ? values : undefined
}

/**
 * The statement of a one-row read of this shape, built by the query builder once. Building it costs more CPU
 * than Postgres spends on the read (a quarter of a busy `GET /clients/:id`). The builder's bindings must be
 * the filter's values in key order followed by constants (the limit); any other shape is built each time.
 */
function rowStatement<Entity extends object> (em: SqlEntityManager, entity: EntityName<Entity>, where: FilterQuery<Entity>, values: unknown[]): RowStatement {
  const meta = em.getMetadata().find(entity)
  if (meta === undefined) return null
  const key = Object.keys(where).join(',')
  let shapes = rowStatements.get(meta.className)
  if (shapes === undefined) rowStatements.set(meta.className, shapes = new Map())
  const known = shapes.get(key)
  if (known !== undefined) return known
  const query = em.createQueryBuilder(entity).select(storedColumns(meta) as never).where(where).limit(1).getKnexQuery().toSQL()
  const bindings = query.bindings as unknown[]
  const reusable = values.every((value, index) => bindings[index] === value) && bindings.length > values.length
  const statement = reusable ? { ...preparedStatement(query.toNative().sql), sql: query.sql, constants: bindings.slice(values.length) } : null
  shapes.set(key, statement)
  return statement
}

/**
 * Runs a read as a prepared statement on a connection of the pool. Sent unnamed (as every statement through
 * the ORM is), Postgres parses and plans it anew each time, which is most of what a read by id costs it.
 */
async function preparedRow (em: SqlEntityManager, statement: NonNullable<RowStatement>, values: unknown[]): Promise<unknown> {
  const [row] = await runPrepared(em, statement, values)
  return row
}

/** One row as plain data, or undefined when none matches. */
export async function findRow<Entity extends object> (
  em: SqlEntityManager, entity: EntityName<Entity>, where: FilterQuery<Entity>
): Promise<Entity | undefined> {
  const values = plainEquality(where as object)
  const statement = values === undefined ? null : rowStatement(em, entity, where, values)
  if (statement === null || values === undefined) {
    const row = await em.createQueryBuilder(entity).select('*').where(where).limit(1).execute<Entity | null>('get', true)
    return row ?? undefined
  }
  const parameters = [...values, ...statement.constants]
  // In the caller's transaction if it has one, as the query builder would be; mapped to properties as it maps.
  const row = em.getTransactionContext() === undefined
    ? await preparedRow(em, statement, parameters) as EntityData<Entity> | undefined
    : await em.execute<EntityData<Entity>>(statement.sql, parameters, 'get') as EntityData<Entity> | undefined
  if (row === undefined) return undefined
  return em.getDriver().mapResult(row, em.getMetadata().find(entity) as EntityMetadata<Entity>) as Entity
}
