// Throughput and speed-up against worker count, with the references that make them readable:
// perfect scaling, the machine's ceiling and an Amdahl's-law fit.
import { amdahlSpeedup } from "../measure/amdahl";
import { chartTitle, colorFor, groupBy, referenceColor, requireLabel, requireRecords, sortedUniqueBy } from "./chart-parts";
import { plotInputError, requireFiniteNumber } from "./errors";
import { figureFromParts, type Figure } from "./figure";
import { formatSerialFraction } from "./format";
import type { AmdahlCurve, CeilingPoint, ThroughputPoint } from "./records";
import { axisTitle, baseLayout, type Axis, type Trace } from "./spec";
import { plotWords } from "./words";
import type { CourseText } from "../language";

/** Options of plotThroughputVsWorkers and plotSpeedupVsWorkers; all optional. */
export interface ScalingChartOptions {
  /** Replaces the chart's own title. */
  title?: CourseText;
  /** probeCeiling's records: the speed-up N processes spinning together reach on this machine. */
  ceiling?: readonly CeilingPoint[];
  /** fitAmdahl's result (optionally with the kind it was fitted to): drawn as a smooth curve. */
  amdahl?: AmdahlCurve;
  /** Draw each kind's perfect-scaling line (default true). */
  perfectScaling?: boolean;
}

interface KindLine {
  kind: string;
  color: string;
  points: ThroughputPoint[];
  /** Throughput with one worker: the base perfect scaling and Amdahl multiply. */
  oneWorker: number;
}

/** Points along the Amdahl curve: enough to look smooth, plus every whole worker count so the text table lists them. */
const curveSteps = 60;

function checkThroughputPoint(caller: string, record: ThroughputPoint, index: number): ThroughputPoint {
  const where = `records[${index}]`;
  requireLabel(caller, `${where}.kind`, record?.kind);
  const workers = requireFiniteNumber(caller, `${where}.workers`, record.workers, { positive: true });
  if (!Number.isInteger(workers)) {
    throw plotInputError(caller, `${where}.workers is ${workers}`, "Worker counts are whole numbers");
  }
  requireFiniteNumber(caller, `${where}.tasksPerSecond`, record.tasksPerSecond, { nonNegative: true });
  if (record.spread !== undefined) requireFiniteNumber(caller, `${where}.spread`, record.spread, { nonNegative: true });
  return record;
}

function oneWorkerThroughput(caller: string, line: string, points: readonly ThroughputPoint[]): number {
  const base = points.find((point) => point.workers === 1);
  if (!base || base.tasksPerSecond <= 0) {
    const measured = points.map((point) => point.workers).join(", ");
    throw plotInputError(
      caller,
      `${line} has no positive 1-worker measurement (workers measured: ${measured})`,
      "Include workers = 1 in the sweep; perfect scaling and speed-up are relative to it",
    );
  }
  return base.tasksPerSecond;
}

function kindLines(caller: string, records: readonly ThroughputPoint[] | undefined): KindLine[] {
  const checked = requireRecords(caller, records, "records").map((record, index) => checkThroughputPoint(caller, record, index));
  return [...groupBy(checked, (record) => record.kind)].map(([kind, group], index) => {
    const points = sortedUniqueBy(caller, `kind "${kind}"`, group, (record) => record.workers, "workers");
    return { kind, color: colorFor(index), points, oneWorker: oneWorkerThroughput(caller, `kind "${kind}"`, points) };
  });
}

/** The kind with the highest 1-worker throughput: the base for references that belong to no kind. */
const fastestLine = (lines: KindLine[]): KindLine => lines.reduce((best, line) => (line.oneWorker > best.oneWorker ? line : best));

function sortedCeiling(caller: string, ceiling: readonly CeilingPoint[]): CeilingPoint[] {
  const checked = requireRecords(caller, ceiling, "options.ceiling").map((record, index) => {
    requireFiniteNumber(caller, `ceiling[${index}].processes`, record?.processes, { positive: true });
    requireFiniteNumber(caller, `ceiling[${index}].speedup`, record.speedup, { nonNegative: true });
    return record;
  });
  return sortedUniqueBy(caller, "the ceiling", checked, (record) => record.processes, "processes");
}

/** The ceiling in chart units: speed-up as is, or times `base` (a 1-worker throughput) for throughput. */
function ceilingTrace(caller: string, ceiling: readonly CeilingPoint[], base: number): Trace {
  const points = sortedCeiling(caller, ceiling);
  return {
    type: "scatter",
    mode: "lines+markers",
    name: plotWords().ceiling,
    x: points.map((point) => point.processes),
    y: points.map((point) => point.speedup * base),
    line: { color: referenceColor, dash: "dot" },
  };
}

/** The line an Amdahl fit belongs to: its kind's, or with no kind the fastest (like the ceiling). */
function amdahlLine(caller: string, fit: AmdahlCurve, lines: KindLine[]): KindLine | undefined {
  const s = requireFiniteNumber(caller, "amdahl.serialFraction", fit?.serialFraction);
  if (s < 0 || s > 1) {
    throw plotInputError(caller, `amdahl.serialFraction is ${s}`, "Pass a fraction between 0 and 1 (e.g. 0.05), as fitAmdahl returns");
  }
  if (fit.kind === undefined) return undefined;
  const line = lines.find((candidate) => candidate.kind === fit.kind);
  if (!line) {
    throw plotInputError(caller, `amdahl.kind "${fit.kind}" is not in the records`, `Use one of ${lines.map((candidate) => candidate.kind).join(", ")}`);
  }
  return line;
}

/** Worker counts to draw the curve at: a fine grid, or only whole counts when the fit allowed for whole tasks. */
function amdahlX(lines: KindLine[], wholeTasksOnly: boolean): number[] {
  const maxWorkers = Math.max(...lines.flatMap((line) => line.points.map((point) => point.workers)));
  const whole = Array.from({ length: maxWorkers }, (_, index) => index + 1);
  if (wholeTasksOnly) return whole;
  const grid = Array.from({ length: curveSteps + 1 }, (_, step) => 1 + ((maxWorkers - 1) * step) / curveSteps);
  return [...new Set([...grid, ...whole])].sort((a, b) => a - b);
}

/** The fit as a smooth curve; `scale` turns speed-up into chart units (a 1-worker throughput, or 1). */
function amdahlTrace(caller: string, fit: AmdahlCurve, lines: KindLine[], scale: (line: KindLine) => number): Trace {
  const own = amdahlLine(caller, fit, lines);
  const base = own ?? fastestLine(lines);
  const tasks = fit.tasks === undefined ? undefined : requireFiniteNumber(caller, "amdahl.tasks", fit.tasks, { positive: true });
  const name = plotWords().amdahlFit(formatSerialFraction(fit), tasks);
  const x = amdahlX(lines, tasks !== undefined);
  return {
    type: "scatter",
    mode: "lines",
    name: own && lines.length > 1 ? `${own.kind}: ${name}` : name,
    x,
    y: x.map((workers) => amdahlSpeedup(fit.serialFraction, workers, tasks) * scale(base)),
    line: { color: own ? own.color : referenceColor, dash: "dashdot" },
  };
}

function workerAxis(lines: KindLine[]): Axis {
  const maxWorkers = Math.max(...lines.flatMap((line) => line.points.map((point) => point.workers)));
  // Whole-number ticks: "1.5 workers" means nothing.
  return { title: axisTitle({ label: plotWords().workers }), dtick: Math.max(1, Math.ceil(maxWorkers / 10)), rangemode: "tozero" };
}

const workerCounts = (lines: KindLine[]) => [...new Set(lines.flatMap((line) => line.points.map((point) => point.workers)))].sort((a, b) => a - b);

/** spread is relative ((max − min) / median), so the bar is ± half of it around the value. */
function errorBars(points: ThroughputPoint[], scale: number): Trace["error_y"] {
  if (points.every((point) => point.spread === undefined)) return undefined;
  return { type: "data", array: points.map((point) => (point.tasksPerSecond * (point.spread ?? 0) * scale) / 2), visible: true };
}

function measuredTrace(line: KindLine, scale: number): Trace {
  const trace: Trace = {
    type: "scatter",
    mode: "lines+markers",
    name: line.kind,
    legendgroup: line.kind,
    x: line.points.map((point) => point.workers),
    y: line.points.map((point) => point.tasksPerSecond * scale),
    line: { color: line.color },
  };
  const error_y = errorBars(line.points, scale);
  return error_y ? { ...trace, error_y } : trace;
}

/**
 * Throughput (tasks/s) against workers: one line per runner kind (with error bars from `spread`),
 * each with its perfect-scaling line (the 1-worker throughput × N); optionally the machine's
 * ceiling and an Amdahl fit. Takes measureThroughput's records as they are; every kind needs a
 * 1-worker record. Throws PlotInputError for records it cannot draw.
 *
 * @example
 * const records = await measureThroughput({ kinds: ["threads", "processes"], workers: [1, 2, 4], workload });
 * plotThroughputVsWorkers(records, { ceiling: await probeCeiling({ processes: [1, 2, 4] }) });
 */
export function plotThroughputVsWorkers(records: readonly ThroughputPoint[], options: ScalingChartOptions = {}): Figure {
  const caller = "plotThroughputVsWorkers";
  const lines = kindLines(caller, records);
  const traces: Trace[] = [];
  for (const line of lines) {
    traces.push(measuredTrace(line, 1));
    if (options.perfectScaling !== false) {
      const x = line.points.map((point) => point.workers);
      traces.push({
        type: "scatter",
        mode: "lines",
        name: `${line.kind}: ${plotWords().perfectScaling}`,
        legendgroup: line.kind,
        x,
        y: x.map((workers) => workers * line.oneWorker),
        line: { color: line.color, dash: "dash" },
      });
    }
  }
  if (options.ceiling) traces.push(ceilingTrace(caller, options.ceiling, fastestLine(lines).oneWorker));
  if (options.amdahl) traces.push(amdahlTrace(caller, options.amdahl, lines, (line) => line.oneWorker));
  const layout = baseLayout(chartTitle(caller, options.title, plotWords().throughputTitle), workerAxis(lines), {
    title: axisTitle({ label: plotWords().throughput, unit: plotWords().tasksPerSecond }),
    rangemode: "tozero",
  });
  return figureFromParts(caller, traces, layout);
}

/**
 * Speed-up over one worker against workers: one line per runner kind, the perfect-scaling line
 * y = N, and optionally the machine's ceiling and an Amdahl fit. Takes measureThroughput's records
 * as they are; every kind needs a 1-worker record. Throws PlotInputError for records it cannot draw.
 *
 * @example
 * const oneWorker = records.find((record) => record.workers === 1)!.tasksPerSecond;
 * const fit = fitAmdahl(records.map((record) => ({ workers: record.workers, speedup: record.tasksPerSecond / oneWorker })));
 * plotSpeedupVsWorkers(records, { amdahl: { ...fit, kind: "threads" } });
 */
export function plotSpeedupVsWorkers(records: readonly ThroughputPoint[], options: ScalingChartOptions = {}): Figure {
  const caller = "plotSpeedupVsWorkers";
  const lines = kindLines(caller, records);
  const traces: Trace[] = lines.map((line) => measuredTrace(line, 1 / line.oneWorker));
  if (options.perfectScaling !== false) {
    const allWorkers = workerCounts(lines);
    traces.push({
      type: "scatter",
      mode: "lines",
      name: plotWords().perfectScaling,
      x: allWorkers,
      y: allWorkers,
      line: { color: referenceColor, dash: "dash" },
    });
  }
  if (options.ceiling) traces.push(ceilingTrace(caller, options.ceiling, 1));
  if (options.amdahl) traces.push(amdahlTrace(caller, options.amdahl, lines, () => 1));
  const layout = baseLayout(chartTitle(caller, options.title, plotWords().speedupTitle), workerAxis(lines), {
    title: axisTitle({ label: plotWords().speedup, unit: plotWords().timesOneWorker }),
    rangemode: "tozero",
  });
  return figureFromParts(caller, traces, layout);
}
