import { execFile, execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { onProcessExit } from './exit-cleanup.js'
import { freePort } from './free-port.js'

const run = promisify(execFile)

export interface PostgresServer {
  /** Superuser URL (trust auth) of the `postgres` database. */
  url: string
  port: number
  /** Fast shutdown; the data directory stays. */
  stop(): Promise<void>
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>
}

/**
 * A PostgreSQL cluster of the caller's own, for fault tests that take the database away; the shared
 * cluster on 5432 is never touched.
 */
export async function startPostgresServer (): Promise<PostgresServer> {
  const bin = postgresBinDir()
  const port = await freePort()
  const base = mkdtempSync(join(tmpdir(), 'tcrm-pg-'))
  const data = join(base, 'data')
  const asPostgres = postgresUser()
  let running = false
  let destroyed = false

  const pgCtl = (...args: string[]): string[] => [join(bin, 'pg_ctl'), '-D', data, ...args]
  const forget = onProcessExit(() => {
    if (running) spawnSync(...command(asPostgres, pgCtl('-m', 'immediate', '-w', 'stop')), { stdio: 'ignore' })
    rmSync(base, { recursive: true, force: true })
  })

  const start = async (): Promise<void> => {
    if (destroyed) throw new Error('this PostgreSQL server was destroyed; start a new one')
    if (running) return
    await runAs(asPostgres, pgCtl('-l', join(base, 'postgres.log'), '-w', '-t', '60', 'start'), base)
    running = true
  }

  const stop = async (): Promise<void> => {
    if (!running) return
    await runAs(asPostgres, pgCtl('-m', 'fast', '-w', 'stop'), base)
    running = false
  }

  const destroy = async (): Promise<void> => {
    if (destroyed) return
    destroyed = true
    try {
      if (running) await runAs(asPostgres, pgCtl('-m', 'immediate', '-w', 'stop'), base)
    } finally {
      running = false
      rmSync(base, { recursive: true, force: true })
      forget()
    }
  }

  try {
    if (asPostgres) chownSync(base, asPostgres.uid, asPostgres.gid)
    await runAs(
      asPostgres,
      [join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      base
    )
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        '',
        'listen_addresses = \'127.0.0.1\'',
        `port = ${port}`,
        // the socket lives in our own dir: the default /var/run/postgresql belongs to the shared cluster
        `unix_socket_directories = '${base}'`,
        // a throwaway cluster: durability only costs time here
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        ''
      ].join('\n')
    )
    await start()
  } catch (error) {
    await destroy().catch(() => undefined)
    throw error
  }

  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, stop, start, destroy }
}

interface OsUser {
  uid: number
  gid: number
}

/** initdb and postgres refuse to run as root, so as root we switch to the `postgres` OS user. */
function postgresUser (): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

function command (asPostgres: OsUser | undefined, argv: string[]): [string, string[]] {
  const [file, ...args] = asPostgres ? ['runuser', '-u', 'postgres', '--', ...argv] : argv
  return [file ?? '', args]
}

async function runAs (asPostgres: OsUser | undefined, argv: string[], cwd: string): Promise<void> {
  const [file, args] = command(asPostgres, argv)
  try {
    await run(file, args, { cwd, encoding: 'utf8' })
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string, stdout?: string }
    const log = join(cwd, 'postgres.log')
    const logTail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : ''
    const detail = [stderr, stdout, logTail].filter(Boolean).join('\n')
    throw new Error(`${argv.join(' ')} failed:\n${detail}`, { cause: error })
  }
}

/** The newest installed server binaries, as Debian lays them out; else whatever PATH has. */
function postgresBinDir (): string {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  if (versions[0]) return join(root, versions[0], 'bin')
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error('no PostgreSQL server binaries: install postgresql (initdb, pg_ctl) or put pg_config on PATH')
  }
}
