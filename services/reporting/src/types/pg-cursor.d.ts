// pg-cursor ships no type declarations; this is the part of its API the exports use.
declare module 'pg-cursor' {
  import type { Submittable } from 'pg'

  export default class Cursor<Row = Record<string, unknown>> implements Submittable {
    constructor (text: string, values?: readonly unknown[], config?: { rowMode?: 'array' })
    submit: Submittable['submit']
    read (rowCount: number): Promise<Row[]>
    close (): Promise<void>
  }
}
