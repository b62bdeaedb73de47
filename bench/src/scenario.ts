import type { Scene } from './scene.js'
import type { BenchSettings } from './settings.js'
import type { Target } from './target.js'

/** A goal for one figure, as the issue states it. */
export interface Goal {
  figure: string
  at: 'least' | 'below'
  value: number
}

export const below = (figure: string, value: number): Goal => ({ figure, at: 'below', value })
export const atLeast = (figure: string, value: number): Goal => ({ figure, at: 'least', value })

export interface BenchContext {
  target: Target
  settings: BenchSettings
  scene: Scene
  log: (line: string) => void
}

/** Each figure's value in every run; the result shown is their median. */
export type RunFigures = Record<string, number[]>

export interface Scenario {
  /** Key in latest.json, as the issue names it. */
  key: string
  /** One line: what is measured and how. */
  describe: (settings: BenchSettings) => string
  goals: Goal[]
  /** Why it cannot run against this target, if it cannot. */
  unavailable?: (target: Target) => string | undefined
  run: (context: BenchContext) => Promise<RunFigures>
}

/** Repeats a measurement `runs` times, collecting each figure it returns. */
export async function repeat (runs: number, measure: (run: number) => Promise<Record<string, number>>): Promise<RunFigures> {
  const figures: RunFigures = {}
  for (let run = 0; run < runs; run++) {
    for (const [figure, value] of Object.entries(await measure(run))) (figures[figure] ??= []).push(value)
  }
  return figures
}
