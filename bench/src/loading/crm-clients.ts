import pg from 'pg'
import { serviceRoleName } from '@travel-crm/service-kit/data'

export const FIRST_NAMES = [
  'Anna', 'Bruno', 'Carla', 'Dmitri', 'Elif', 'Farah', 'Giulia', 'Hiroshi', 'Ines', 'Jonas',
  'Kasia', 'Lars', 'Maren', 'Nuno', 'Olga', 'Pedro', 'Quentin', 'Rosa', 'Sanna', 'Tomás',
  'Ulla', 'Viktor', 'Wen', 'Ximena', 'Yusuf', 'Zoë', 'Amara', 'Björn', 'Chiara', 'Diego'
]
export const SURNAMES = [
  'Almeida', 'Berg', 'Castro', 'Dahl', 'Eriksen', 'Fonseca', 'García', 'Haugen', 'Ivanova', 'Jensen',
  'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Ødegård', 'Pereira', 'Quist', 'Rossi', 'Santos', 'Tanaka',
  'Ueda', 'Vidal', 'Weber', 'Xu', 'Yilmaz', 'Zamora', 'Andersen', 'Bianchi', 'Costa', 'Dubois',
  'Esposito', 'Fischer', 'Gomes', 'Horvath', 'Iglesias', 'Janssen', 'Keller', 'Lopes', 'Marino', 'Novak',
  'Olsen', 'Petrov', 'Ramos', 'Schmidt', 'Torres', 'Urbano', 'Varga', 'Wolff', 'Young', 'Zimmermann'
]

function literalArray (values: readonly string[]): string {
  return `array[${values.map((value) => `'${value.replaceAll('\'', '\'\'')}'`).join(', ')}]`
}

/**
 * Bulk-inserts clients straight into crm's `client` table, as crm's own role, with the audit fields a create
 * through the API writes (created and updated now, by the given user, version 1): one statement instead of
 * 100,000 requests. Names are a first name and a surname from fixed lists, so a search by surname finds one
 * client in fifty and a search by full name one in 1,500. No events are written: search is crm's alone, and
 * the read models get their clients from the event history instead.
 */
export async function insertClients (databaseUrl: string, count: number, userId: number, tag: string): Promise<{ firstId: number, lastId: number }> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    await client.query(`set role "${serviceRoleName(databaseUrl, 'crm')}"`)
    await client.query('set search_path = crm')
    const { rows } = await client.query<{ first: number, last: number }>(`
      with inserted as (
        insert into client (name, email, phone, company, created_by, updated_by, version)
        select (${literalArray(FIRST_NAMES)})[1 + g % ${FIRST_NAMES.length}] || ' ' || (${literalArray(SURNAMES)})[1 + (g / ${FIRST_NAMES.length}) % ${SURNAMES.length}],
               'client-' || $1::text || '-' || g || '@example.com',
               '+44 20 ' || lpad(g::text, 8, '0'),
               case when g % 3 = 0 then 'Company ' || (g % 997) end,
               $2::integer, $2::integer, 1
        from generate_series(1, $3::integer) g
        returning id)
      select min(id) as first, max(id) as last from inserted`, [tag, userId, count])
    await client.query('vacuum analyze client')
    const [range] = rows
    if (range === undefined) throw new Error('no clients were inserted')
    return { firstId: range.first, lastId: range.last }
  } finally {
    await client.end()
  }
}
