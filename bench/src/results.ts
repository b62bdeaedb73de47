import type { Goal, RunFigures, Scenario } from './scenario.js'
import { CPU_FIGURE } from './process-cpu.js'
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
    const cpu = Object.entries(result.figures).filter(([figure]) => figure.includes(CPU_FIGURE))
    for (const [figure, value] of Object.entries(result.figures)) {
      if (figure.includes(CPU_FIGURE)) continue
      const goal = goals.get(figure)
      const check = goal === undefined ? undefined : checksOf({ ...scenario, goals: [goal] }, result)[0]
      const spread = (result.runs[figure] ?? []).map((run) => round(run, 1)).join(', ')
      lines.push(`| ${scenario.key}.${figure} | ${round(value, 1)} | ${spread} | ${goal === undefined ? '' : targetText(goal)} | ${check === undefined ? '' : check.pass ? 'pass' : 'FAIL'} |`)
    }
    if (cpu.length > 0) {
      const perProcess = cpu.map(([figure, value]) => `${figure.replace(CPU_FIGURE, '')} ${round(value, 2)}`).join(', ')
      lines.push(`| ${scenario.key}: CPU ms per request | | ${perProcess} | | |`)
    }
  }
  return lines.join('\n')
}
