import type { EntityName, FilterQuery } from '@mikro-orm/core'
import { raw, type QBQueryOrderMap, type SqlEntityManager } from '@mikro-orm/postgresql'

/*
 * Reads that only send what they read. Rows come back as plain data under the entity's property names, not as
 * managed entities: nothing will be changed or flushed, and registering entities in an identity map (and
 * propagating their references) costs more CPU than the query itself on a busy read path.
 */

const TOTAL = 'page_total'

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
 * A page of an entity's rows in id order and the total that match, in one statement. Without a search, the
 * count is a subquery beside the page: each part keeps its own plan (the page an index walk in order), and
 * the statement is still parsed, planned and sent once. Only a page past the last row, which carries no
 * count, needs a count of its own.
 */
export async function findPage<Entity extends object> (em: SqlEntityManager, entity: EntityName<Entity>, query: PageQuery<Entity>): Promise<Page<Entity>> {
  const search = query.search === true
  const total = search
    ? raw(`count(*) over () as ${TOTAL}`)
    : em.createQueryBuilder(entity, 'counted').count().where(query.where()).as(TOTAL)
  // `id + 0` is the same order, but no index can give it: the matches are found first, then sorted.
  const orderBy = search ? { [raw((alias: string) => `${alias}.id + 0`)]: query.order } : { id: query.order }
  const rows = await em.createQueryBuilder(entity)
    .select(['*', total])
    .where(query.where())
    .orderBy(orderBy as QBQueryOrderMap<Entity>)
    .limit(query.limit)
    .offset(query.offset)
    .execute<Array<Entity & { [TOTAL]?: string | number }>>('all', true)
  const first = rows[0]
  if (first === undefined) {
    return { rows: [], total: query.offset === 0 ? 0 : await em.count(entity, query.where()) }
  }
  const matching = Number(first[TOTAL])
  for (const row of rows) delete row[TOTAL]
  return { rows, total: matching }
}

/** One row as plain data, or undefined when none matches. */
export async function findRow<Entity extends object> (
  em: SqlEntityManager, entity: EntityName<Entity>, where: FilterQuery<Entity>
): Promise<Entity | undefined> {
  const row = await em.createQueryBuilder(entity).select('*').where(where).limit(1).execute<Entity | null>('get', true)
  return row ?? undefined
}
