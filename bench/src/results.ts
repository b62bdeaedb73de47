import type { Goal, RunFigures, Scenario } from './scenario.js'
import { CPU_FIGURE, WRITES_FIGURE } from './process-work.js'
import { median, round } from './statistics.js'

export interface ScenarioResult {
  description: string
  /** The median of each figure over the runs. */
  figures: Record<string, number>
  /** Every run's value, to show the spread. */
  runs: RunFigures
  skipped?: string
  failed?: string
}

export interface Check {
  figure: string
  value: number
  target: string
  pass: boolean
}

function targetText (goal: Goal): string {
  return goal.at === 'below' ? `< ${goal.value}` : `≥ ${goal.value}`
}

export function summarise (runs: RunFigures): Record<string, number> {
  return Object.fromEntries(Object.entries(runs).map(([figure, values]) => [figure, round(median(values), 2)]))
}

export function checksOf (scenario: Scenario, result: ScenarioResult): Check[] {
  return scenario.goals.map((goal) => {
    const value = result.figures[goal.figure] ?? Number.NaN
    const pass = Number.isFinite(value) && (goal.at === 'below' ? value < goal.value : value >= goal.value)
    return { figure: `${scenario.key}.${goal.figure}`, value, target: targetText(goal), pass }
  })
}

/** The figures given per process, each kind on a line of its own: its name in the figures, heading, decimals. */
const PER_PROCESS: ReadonlyArray<readonly [kind: string, heading: string, digits: number]> = [
  [CPU_FIGURE, 'CPU ms per request', 2],
  [WRITES_FIGURE, 'write calls per request', 1]
]

/** Figure, median, spread over the runs, target and verdict, one line each, as a Markdown table. */
export function table (scenarios: readonly Scenario[], results: Record<string, ScenarioResult>): string {
  const lines = ['| figure | median | runs | target | result |', '| --- | ---: | --- | --- | --- |']
  for (const scenario of scenarios) {
    const result = results[scenario.key]
    if (result === undefined) continue
    if (result.skipped !== undefined || result.failed !== undefined) {
      lines.push(`| ${scenario.key} | | | | ${result.skipped !== undefined ? `skipped: ${result.skipped}` : `FAILED: ${result.failed}`} |`)
      continue
    }
    const goals = new Map(scenario.goals.map((goal) => [goal.figure, goal]))
    const perProcess = (kind: string) => Object.entries(result.figures).filter(([figure]) => figure.includes(kind))
    for (const [figure, value] of Object.entries(result.figures)) {
      if (PER_PROCESS.some(([kind]) => figure.includes(kind))) continue
      const goal = goals.get(figure)
      const check = goal === undefined ? undefined : checksOf({ ...scenario, goals: [goal] }, result)[0]
      const spread = (result.runs[figure] ?? []).map((run) => round(run, 1)).join(', ')
      lines.push(`| ${scenario.key}.${figure} | ${round(value, 1)} | ${spread} | ${goal === undefined ? '' : targetText(goal)} | ${check === undefined ? '' : check.pass ? 'pass' : 'FAIL'} |`)
    }
    // Per process, a line each for all of a scenario's figures of one kind, or the table would be mostly these.
    for (const [kind, heading, digits] of PER_PROCESS) {
      const figures = perProcess(kind)
      if (figures.length === 0) continue
      lines.push(`| ${scenario.key}: ${heading} | | ${figures.map(([figure, value]) => `${figure.replace(kind, '')} ${round(value, digits)}`).join(', ')} | | |`)
    }
  }
  return lines.join('\n')
}
