import 'mantine-datatable/styles.css'
import { DataTable, type DataTableColumn, type DataTableSortStatus } from 'mantine-datatable'
import { useState, type ComponentType } from 'react'
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

/**
 * The rows of one page in the chosen order. The services page their lists but do not sort them (they answer
 * in creation order), so a column sorts the page on screen.
 */
export function sortRows<Row> (rows: Row[], status: DataTableSortStatus<Row>): Row[] {
  const key = status.columnAccessor as keyof Row
  const direction = status.direction === 'asc' ? 1 : -1
  return [...rows].sort((left, right) => {
    const a = left[key]
    const b = right[key]
    if (typeof a === 'string' && typeof b === 'string') {
      // Money and dates are strings whose order as numbers differs from their order as text.
      const numeric = /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b)
      return direction * (numeric ? Number(a) - Number(b) : a.localeCompare(b))
    }
    return direction * (Number(a ?? 0) - Number(b ?? 0))
  })
}

/**
 * A list screen's page of a server-paged list: which page, the rows in the chosen order, and the table's
 * paging and sorting props.
 */
export function usePagedRows<Row> (initialSort: DataTableSortStatus<Row>) {
  const [page, setPage] = useState(1)
  const [sort, setSort] = useState(initialSort)
  return {
    page,
    offset: (page - 1) * PAGE_SIZE,
    /** Back to the first page, when a filter changes. */
    restart: () => { setPage(1) },
    tableProps: (result: { data?: { items: Row[], total: number } | undefined, isFetching: boolean }) => ({
      records: sortRows(result.data?.items ?? [], sort),
      fetching: result.isFetching,
      totalRecords: result.data?.total ?? 0,
      recordsPerPage: PAGE_SIZE,
      page,
      onPageChange: setPage,
      sortStatus: sort,
      onSortStatusChange: setSort
    })
  }
}

export type { DataTableSortStatus }
