import { expect } from 'vitest'

/** One answer of a list route, as `inject` or `fetch` gives it. */
export interface ListAnswer {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  json: <Body>() => Body
}

/** How two rows of a list compare on one column, as the database should order them. */
export type ColumnOrder<Row> = (a: Row, b: Row) => number

export const byText = <Row>(value: (row: Row) => string | null): ColumnOrder<Row> => (a, b) => {
  // Postgres puts nulls last ascending; tests give plain ASCII so that any collation orders as `<` does.
  const left = value(a)
  const right = value(b)
  if (left === right) return 0
  if (left === null) return 1
  if (right === null) return -1
  return left < right ? -1 : 1
}

export const byNumber = <Row>(value: (row: Row) => string | number): ColumnOrder<Row> => (a, b) => Number(value(a)) - Number(value(b))

/**
 * Checks a list's `sort` parameter on the rows `filter` selects: every column in both directions orders as
 * `columns` says, ties in id order the same way; paging two at a time through a sorted list meets every row
 * once in that order; a column the list does not name is a 400 problem.
 */
export async function expectSortsBy<Row extends { id: number }> (
  list: (query: string) => Promise<ListAnswer>,
  filter: string,
  columns: Record<string, ColumnOrder<Row>>
): Promise<void> {
  for (const [column, order] of Object.entries(columns)) {
    for (const sign of [1, -1]) {
      const sort = `${sign === 1 ? '' : '-'}${column}`
      const answer = await list(`${filter}&sort=${sort}&limit=500`)
      expect(answer.statusCode, sort).toBe(200)
      const rows = answer.json<Row[]>()
      expect(rows.length, `${sort}: the filter selects rows`).toBeGreaterThan(2)
      const expected = [...rows].sort((a, b) => sign * (order(a, b) !== 0 ? order(a, b) : a.id - b.id)).map((row) => row.id)
      expect(rows.map((row) => row.id), sort).toEqual(expected)
      const paged: number[] = []
      for (let offset = 0; offset < rows.length; offset += 2) {
        const page = await list(`${filter}&sort=${sort}&limit=2&offset=${offset}`)
        expect(page.headers['x-total-count']).toBe(String(rows.length))
        if (offset + 2 < rows.length) expect(String(page.headers['link'])).toContain(`sort=${encodeURIComponent(sort)}`)
        paged.push(...page.json<Row[]>().map((row) => row.id))
      }
      expect(paged, `${sort} paged`).toEqual(expected)
    }
  }
  for (const unknown of ['password', '-nope', '--id', 'id,name', '']) {
    const refused = await list(`${filter}&sort=${encodeURIComponent(unknown)}`)
    expect(refused.statusCode, `sort=${unknown}`).toBe(400)
    expect(String(refused.headers['content-type'])).toMatch(/^application\/problem\+json/)
  }
}
