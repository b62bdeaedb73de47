/**
 * Summarises V8 CPU profiles (from `BENCH_CPU_PROF=<dir> pnpm bench`): where each process spent its time, by
 * function and by package, self time only. `node --import tsx bench/profile.ts <file.cpuprofile>…`
 */
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string, url: string, lineNumber: number }
  hitCount?: number
}
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[] }

/** `node_modules/.pnpm/<pkg>@<v>/node_modules/<pkg>/…` → pkg; our own sources by folder. */
function packageOf (url: string): string {
  const match = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (match !== null) return match[1] as string
  const own = /\/work\/[^/]+\/[^/]+\/((?:services|packages)\/[^/]+|gateway|bench|scripts)\//.exec(url) ?? /((?:services|packages)\/[^/]+|gateway)\//.exec(url)
  if (own !== null) return own[1] as string
  return url === '' ? '(native/gc/idle)' : url.startsWith('node:') ? 'node' : url
}

function top (totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, count)
    .map(([name, micros]) => `  ${(100 * micros / all).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`)
}

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const byFunction = new Map<string, number>()
  const byPackage = new Map<string, number>()
  let all = 0
  let idle = 0
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id)
    const micros = profile.timeDeltas[index] ?? 0
    if (node === undefined) return
    const { functionName, url, lineNumber } = node.callFrame
    if (functionName === '(idle)') { idle += micros; return }
    all += micros
    const name = `${functionName || '(anonymous)'} ${url === '' ? '' : `${basename(url)}:${lineNumber + 1}`}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
    const pkg = functionName.startsWith('(') ? functionName : packageOf(url)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros)
  })
  process.stdout.write(`${basename(file)}: ${(all / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle\n`)
  process.stdout.write(['by package:', ...top(byPackage, all, 15), 'by function:', ...top(byFunction, all, 25), ''].join('\n'))
}
