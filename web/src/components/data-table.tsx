import 'mantine-datatable/styles.css'
import { DataTable, type DataTableColumn, type DataTableSortStatus } from 'mantine-datatable'
import type { ComponentType } from 'react'
import type { SortValue } from '@travel-crm/contracts'
import { useSearchParams } from 'react-router'
import { Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'

export const PAGE_SIZE = 20

/** What the screens use of the kit's table: rows, columns, and paging and sorting when the list has them. */
export interface TableProps<Row> {
  'aria-label': string
  records: Row[]
  columns: Array<DataTableColumn<Row>>
  fetching?: boolean
  idAccessor?: keyof Row | ((row: Row) => string | number)
  totalRecords?: number
  recordsPerPage?: number
  page?: number
  onPageChange?: (page: number) => void
  sortStatus?: DataTableSortStatus<Row>
  onSortStatusChange?: (status: DataTableSortStatus<Row>) => void
}

// The kit types its props as a union of every combination of options; these screens use one shape of it.
const KitTable = DataTable as unknown as ComponentType<Record<string, unknown>>

/** The kit's table with the app's words for its own texts (empty list, rows x–y of z). */
export function Table<Row> (props: TableProps<Row>) {
  const { t } = useTranslation()
  return (
    <KitTable
      withTableBorder
      striped
      minHeight={160}
      noRecordsText={t('common.none')}
      // The kit's own empty state is pale grey, below WCAG contrast.
      emptyState={<Text c="var(--mantine-color-text)">{t('common.none')}</Text>}
      paginationText={({ from, to, totalRecords }: { from: number, to: number, totalRecords: number }) => t('common.pageOf', { from, to, total: totalRecords })}
      {...props}
    />
  )
}

/** A table's sort as the services' `sort` parameter: the column, `-` before it for descending. */
export function sortParameter<Column extends string> (status: { columnAccessor: Column, direction: 'asc' | 'desc' }): SortValue<Column> {
  return status.direction === 'desc' ? `-${status.columnAccessor}` : status.columnAccessor
}

/** The `sort` parameter back as the table's sort; undefined when absent or not one of the sortable columns. */
export function sortStatusOf<Column extends string> (parameter: string | null, sortable: readonly Column[]): ColumnSort<Column> | undefined {
  if (parameter === null) return undefined
  const column = sortable.find((name) => name === parameter.replace(/^-/, ''))
  return column === undefined ? undefined : { columnAccessor: column, direction: parameter.startsWith('-') ? 'desc' : 'asc' }
}

/** A sort on one of a list's sortable columns. */
export interface ColumnSort<Column extends string> {
  columnAccessor: Column
  direction: 'asc' | 'desc'
}

/**
 * A list screen's page of a server-paged, server-sorted list. The page and the sort live in the address
 * (`?sort=-start_date&page=3`), so a sorted list survives a reload, a shared link and the way back from a
 * record; changing them replaces the address rather than piling up history.
 */
export function usePagedRows<const Column extends string> (initialSort: ColumnSort<NoInfer<Column>>, sortable: readonly Column[]) {
  const [params, setParams] = useSearchParams()
  const page = Math.max(1, Math.trunc(Number(params.get('page'))) || 1)
  const sort = sortStatusOf(params.get('sort'), sortable) ?? initialSort
  const update = (changes: Record<string, string | undefined>) => {
    setParams((current) => {
      const next = new URLSearchParams(current)
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) next.delete(key)
        else next.set(key, value)
      }
      return next
    }, { replace: true })
  }
  return {
    page,
    offset: (page - 1) * PAGE_SIZE,
    /** The services' `sort` parameter for the query. */
    sort: sortParameter(sort),
    /** Back to the first page, when a filter changes. */
    restart: () => { update({ page: undefined }) },
    /**
     * A choice among `values` kept in the address beside the page and sort (`?status=paid`), so that other
     * screens can link to it; `'all'` when none (or an unknown one) is given. Choosing starts at page 1.
     */
    choice: <const Value extends string>(name: string, values: readonly Value[]) => ({
      value: values.find((value) => value === params.get(name)) ?? 'all' as const,
      choose: (value: string) => { update({ [name]: value === 'all' ? undefined : value, page: undefined }) }
    }),
    tableProps: <Row extends object>(result: { data?: { items: Row[], total: number } | undefined, isFetching: boolean }) => ({
      records: result.data?.items ?? [],
      fetching: result.isFetching,
      totalRecords: result.data?.total ?? 0,
      recordsPerPage: PAGE_SIZE,
      page,
      onPageChange: (next: number) => { update({ page: next === 1 ? undefined : String(next) }) },
      sortStatus: sort as DataTableSortStatus<Row>,
      onSortStatusChange: (next: DataTableSortStatus<Row>) => {
        const column = sortable.find((name) => name === next.columnAccessor)
        if (column !== undefined) update({ sort: sortParameter({ columnAccessor: column, direction: next.direction }), page: undefined })
      }
    })
  }
}

export type { DataTableSortStatus }
