/**
 * One file per process: each process's compiled entry (`<dir>/dist/main.js`, from `tsc -b`) bundled with
 * esbuild into `<dir>/bundle/main.js`, and the launcher (scripts/start.ts) into scripts/bundle/start.js. What
 * the code imports with `import()` sits beside it in chunk files of its own, loaded when first imported.
 *
 * Why: a process started from dist/ loads about 2,100 files (typebox 683, lodash 258, MikroORM 136, knex 106):
 * over half of its start-up CPU is Node's module loader, and the files' source text a good part of its heap
 * (bench/README.md, "Where a process's memory and start-up go"). Node 20 has no compile cache; one minified
 * file is read, resolved and compiled once, holds only the code that is reachable, and no comments.
 *
 * Each bundle is rebuilt only when one of the files it was made from (listed beside it in inputs.json), this
 * script, or the lockfile is newer than it.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions, type Plugin } from 'esbuild'
import { bundledEntry, LAUNCHER, PROCESS_DIRS, type ProcessName } from './processes.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SELF = fileURLToPath(import.meta.url)
// A dependency that changes version, or is patched, is installed in a folder of its own: the files the bundle was
// made from are still there, unchanged, so only the lockfile tells that the bundle holds the old code.
const LOCKFILE = join(ROOT, 'pnpm-lock.yaml')

/**
 * Left out of the bundles and loaded from node_modules at run time, each for its reason. (Modules loaded with
 * a `createRequire(import.meta.url)` of their own, billing's archiver, auth's list of breached passwords and
 * the migrations' base class in service-kit, are invisible to esbuild: they resolve from the bundle's
 * directory, the process's own.)
 */
const EXTERNAL: Record<string, string> = {
  '@node-rs/argon2': 'a native addon: its package picks the .node binary for the platform at run time',
  '@travel-crm/documents': 'PDFKit, fontkit and i18next, imported with the first document asked for (documents/load) or in the renderer\'s child process, started from a file beside the renderer (documents/renderer); PDFKit reads its AFM fonts and the DejaVu TTFs from files beside its code',
  '@fastify/swagger-ui': 'the gateway\'s /docs: serves the Swagger UI files and its logo from its own directory',
  pino: 'its transports (pino-pretty, on a terminal) run in worker threads started from files of its own and of thread-stream, found by their paths beside its code'
}

/**
 * Drivers knex's dialects and MikroORM's optional features `require` that are not installed (only pg is):
 * left as requires that are never made, as they are in node_modules.
 */
const NOT_INSTALLED = [
  'better-sqlite3', 'mysql', 'mysql2', 'oracledb', 'pg-native', 'sqlite3', 'tedious', 'pg-query-stream',
  '@mikro-orm/better-sqlite', '@mikro-orm/entity-generator', '@mikro-orm/libsql', '@mikro-orm/mariadb',
  '@mikro-orm/mongodb', '@mikro-orm/mssql', '@mikro-orm/mysql', '@mikro-orm/seeder', '@mikro-orm/sqlite',
  'libsql', 'mariadb'
]

interface Target { entry: string, outfile: string, dir: string }

const packageName = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

/** The workspace packages a process depends on (production dependencies only: what the image installs). */
function workspaceDependencies (dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  return Object.entries(manifest.dependencies ?? {})
    .filter(([, version]) => version.startsWith('workspace:'))
    .map(([name]) => relative(ROOT, realpathSync(join(ROOT, dir, 'node_modules', name))))
}

/**
 * Rewrites each external import to a path relative to the bundle through a workspace package's own
 * node_modules link (`../../../packages/service-kit/node_modules/pino/pino.js`): under pnpm a package sees only
 * what it declares, so `pino` (fastify's dependency) is not resolvable from services/crm, but its link in
 * service-kit, which declares it, is there in the repository and in the image's production install alike. The
 * build fails when an external is reachable from none of them.
 */
function externals ({ dir, outfile }: Target): Plugin {
  const anchors = [dir, ...workspaceDependencies(dir)]
  return {
    name: 'externals-from-the-workspace',
    setup (esbuild) {
      esbuild.onResolve({ filter: /^[^./]/ }, async (args) => {
        const name = packageName(args.path)
        if (NOT_INSTALLED.includes(name)) return { path: args.path, external: true }
        if (EXTERNAL[name] === undefined || args.pluginData === 'inner') return undefined
        const resolved = await esbuild.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' })
        if (resolved.errors.length > 0) return { errors: resolved.errors }
        for (const anchor of anchors) {
          const link = join(ROOT, anchor, 'node_modules', name)
          if (!existsSync(link)) continue
          const target = realpathSync(link)
          if (!resolved.path.startsWith(target + sep)) continue
          const path = relative(dirname(join(ROOT, outfile)), join(link, relative(target, resolved.path)))
          return { path: path.split(sep).join('/'), external: true }
        }
        return { errors: [{ text: `${args.path} (imported by ${args.importer}) is external but no package of ${anchors.join(', ')} declares it: it would not resolve at run time` }] }
      })
    }
  }
}

/**
 * Source maps that map the workspace's code, and of each dependency only its file. Node 20 decodes a file's
 * whole map the first time a stack trace passes through it: a map of every token of a bundle is about 85 MB of
 * entries in each process that formats an error's stack (crm migrating a fresh schema: 205 MB resident, 118
 * without maps). Each file from node_modules comes with a map of one segment, its first token, so the bundle's
 * map holds one entry per dependency file, where a position maps to the segment before it: a frame in a
 * dependency names its file (line 1), a frame in our code its TypeScript line.
 */
const dependenciesByFile: Plugin = {
  name: 'dependencies-mapped-by-file',
  setup (esbuild) {
    esbuild.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, (args) => {
      const map = { version: 3, sources: [basename(args.path)], sourcesContent: [null], names: [], mappings: 'AAAA' }
      return {
        contents: `${readFileSync(args.path, 'utf8')}\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`,
        loader: 'js'
      }
    })
  }
}

const COMMON: BuildOptions = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Whitespace and syntax: less source text held in each heap and parsed at start. Names stay as written, so
  // `.name` of functions and classes (which code reads at run time: Fastify plugins, error classes) and stack
  // traces are right without keepNames: keepNames wraps every function expression in a call that redefines its
  // `name`, also each closure a hot path makes per call, and cost 10–20 % more CPU per request and per payment
  // (bench/README.md). Only names two bundled modules share get a suffix (two copies of OpenTelemetry's API).
  minifyWhitespace: true,
  minifySyntax: true,
  // Stack traces point at the TypeScript (NODE_FLAGS has --enable-source-maps): esbuild follows dist's maps.
  // Without the sources' text, which a stack trace does not need.
  sourcemap: 'linked',
  sourcesContent: false,
  // Licence texts beside the bundle (main.js.LEGAL.txt), not in every process's heap.
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  // What the code imports with `import()` (the migrator and the kit's migrations) goes to a file of its own
  // beside main.js, read only when first imported: V8 keeps a loaded script's whole source text in the heap, so
  // code left in main.js costs memory in every process even if never run (the migrator's 640 kB in each
  // service, on every start after the first). Code both use goes to a shared chunk.
  splitting: true,
  // Beside main.js, not in a folder: the externals' paths are written relative to it, in every chunk alike.
  chunkNames: '[name]-[hash]',
  entryNames: '[name]',
  // The CommonJS packages in the bundle `require` Node's modules and the externals; an ES module has no
  // `require` of its own.
  banner: { js: 'import { createRequire as createBundleRequire } from \'node:module\'; const require = createBundleRequire(import.meta.url);' }
}

const TARGETS: Target[] = [
  ...(Object.entries(PROCESS_DIRS) as Array<[ProcessName, string]>).map(([name, dir]) => ({ entry: `${dir}/dist/main.js`, outfile: bundledEntry(name), dir })),
  { entry: 'scripts/start.ts', outfile: LAUNCHER, dir: 'scripts' }
]

const inputsFile = (target: Target): string => join(ROOT, dirname(target.outfile), 'inputs.json')

function isStale (target: Target): boolean {
  const outfile = join(ROOT, target.outfile)
  if (!existsSync(outfile) || !existsSync(inputsFile(target))) return true
  const built = statSync(outfile).mtimeMs
  const inputs = JSON.parse(readFileSync(inputsFile(target), 'utf8')) as string[]
  return [SELF, LOCKFILE, ...inputs.map((input) => join(ROOT, input))].some((input) => !existsSync(input) || statSync(input).mtimeMs > built)
}

async function bundle (target: Target): Promise<void> {
  // The folder holds this build's output only; chunks are named by their content's hash, so without this
  // every rebuild would leave the last one's beside the new.
  rmSync(join(ROOT, dirname(target.outfile)), { recursive: true, force: true })
  const result = await build({
    ...COMMON,
    entryPoints: [target.entry],
    outdir: dirname(target.outfile),
    plugins: target.dir === 'scripts' ? [dependenciesByFile] : [externals(target), dependenciesByFile]
  })
  mkdirSync(dirname(inputsFile(target)), { recursive: true })
  writeFileSync(inputsFile(target), JSON.stringify(Object.keys(result.metafile?.inputs ?? {}), null, 1))
}

/** Bundles every process whose bundle is missing or older than what it is made from; returns those it made. */
export async function bundleProcesses (): Promise<string[]> {
  const stale = TARGETS.filter(isStale)
  await Promise.all(stale.map(bundle))
  return stale.map((target) => target.outfile)
}

if (process.argv[1] === SELF) await bundleProcesses()
