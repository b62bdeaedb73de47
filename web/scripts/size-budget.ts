/**
 * The size budget, checked after every build: the JavaScript the browser must load before the first screen
 * (index.html's module script and the chunks it preloads) at most 300 kB gzipped. Screens opened later load
 * their own chunks and do not count.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

export const FIRST_SCREEN_BUDGET_BYTES = 300 * 1024

export function firstScreenScripts (indexHtml: string): string[] {
  const sources = [...indexHtml.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...indexHtml.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)]
  return [...new Set(sources.map((match) => match[1] as string))]
}

export function firstScreenGzipBytes (distDir: string): { files: Array<{ file: string, gzipBytes: number }>, total: number } {
  const files = firstScreenScripts(readFileSync(join(distDir, 'index.html'), 'utf8')).map((src) => {
    const file = src.replace(/^\/app\//, '')
    return { file, gzipBytes: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length }
  })
  return { files, total: files.reduce((sum, file) => sum + file.gzipBytes, 0) }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, total } = firstScreenGzipBytes(fileURLToPath(new URL('../dist', import.meta.url)))
  for (const { file, gzipBytes } of files) process.stdout.write(`  ${file}  ${(gzipBytes / 1024).toFixed(1)} kB gz\n`)
  const verdict = total <= FIRST_SCREEN_BUDGET_BYTES ? 'within' : 'OVER'
  process.stdout.write(`first screen JavaScript: ${(total / 1024).toFixed(1)} kB gzipped, ${verdict} the budget of ${FIRST_SCREEN_BUDGET_BYTES / 1024} kB\n`)
  if (total > FIRST_SCREEN_BUDGET_BYTES) process.exitCode = 1
}
