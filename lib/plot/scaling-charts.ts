// Throughput and speed-up against worker count, with the references that make them readable:
// perfect scaling, the machine's ceiling and an Amdahl's-law fit.
import { chartTitle, colorFor, groupBy, referenceColor, requireLabel, requireRecords, sortedUniqueBy } from "./chart-parts";
import { plotInputError, requireFiniteNumber } from "./errors";
import { figureFromParts, type Figure } from "./figure";
import type { AmdahlFit, CeilingRecord, ThroughputRecord } from "./records";
import { axisTitle, baseLayout, type Axis, type Trace } from "./spec";

export interface ScalingChartOptions {
  title?: string;
  /** Ceiling-probe records: what the machine manages with N workers. */
  ceiling?: readonly CeilingRecord[];
  /** Draw Amdahl's law for this parallel fraction. */
  amdahl?: AmdahlFit;
  /** Draw each kind's perfect-scaling line (default true). */
  perfectScaling?: boolean;
}

interface KindLine {
  kind: string;
  color: string;
  points: ThroughputRecord[];
  /** Throughput with one worker: the base perfect scaling and Amdahl multiply. */
  oneWorker: number;
}

function checkThroughputRecord(caller: string, record: ThroughputRecord, index: number): ThroughputRecord {
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

function oneWorkerThroughput(caller: string, line: string, points: readonly { workers: number; tasksPerSecond: number }[]): number {
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

function kindLines(caller: string, records: readonly ThroughputRecord[] | undefined): KindLine[] {
  const checked = requireRecords(caller, records, "records").map((record, index) => checkThroughputRecord(caller, record, index));
  return [...groupBy(checked, (record) => record.kind)].map(([kind, group], index) => {
    const points = sortedUniqueBy(caller, `kind "${kind}"`, group, (record) => record.workers, "workers");
    return { kind, color: colorFor(index), points, oneWorker: oneWorkerThroughput(caller, `kind "${kind}"`, points) };
  });
}

function sortedCeiling(caller: string, ceiling: readonly CeilingRecord[]): CeilingRecord[] {
  const checked = requireRecords(caller, ceiling, "options.ceiling").map((record, index) => {
    requireFiniteNumber(caller, `ceiling[${index}].workers`, record?.workers, { positive: true });
    requireFiniteNumber(caller, `ceiling[${index}].tasksPerSecond`, record.tasksPerSecond, { nonNegative: true });
    return record;
  });
  return sortedUniqueBy(caller, "the ceiling", checked, (record) => record.workers, "workers");
}

/** Speed-up Amdahl's law predicts for n workers when a fraction p of the work is parallel. */
export function amdahlSpeedup(parallelFraction: number, workers: number): number {
  return 1 / (1 - parallelFraction + parallelFraction / workers);
}

function amdahlBase(caller: string, fit: AmdahlFit, lines: KindLine[]): KindLine {
  const p = requireFiniteNumber(caller, "amdahl.parallelFraction", fit?.parallelFraction);
  if (p < 0 || p > 1) {
    throw plotInputError(caller, `amdahl.parallelFraction is ${p}`, "Pass a fraction between 0 and 1 (e.g. 0.95)");
  }
  const kinds = lines.map((line) => line.kind);
  if (fit.kind === undefined) {
    if (lines.length === 1) return lines[0];
    throw plotInputError(caller, `amdahl.kind is missing and the records hold ${kinds.length} kinds`, `Say which kind the fit is for: one of ${kinds.join(", ")}`);
  }
  const line = lines.find((candidate) => candidate.kind === fit.kind);
  if (!line) throw plotInputError(caller, `amdahl.kind "${fit.kind}" is not in the records`, `Use one of ${kinds.join(", ")}`);
  return line;
}

function amdahlName(fit: AmdahlFit, line: KindLine, lines: KindLine[]): string {
  const name = `Amdahl fit (p = ${fit.parallelFraction})`;
  return lines.length > 1 ? `${line.kind}: ${name}` : name;
}

function workerAxis(lines: KindLine[]): Axis {
  const maxWorkers = Math.max(...lines.flatMap((line) => line.points.map((point) => point.workers)));
  // Whole-number ticks: "1.5 workers" means nothing.
  return { title: axisTitle({ label: "Workers" }), dtick: Math.max(1, Math.ceil(maxWorkers / 10)), rangemode: "tozero" };
}

const workerCounts = (lines: KindLine[]) =>
  [...new Set(lines.flatMap((line) => line.points.map((point) => point.workers)))].sort((a, b) => a - b);

function errorBars(points: ThroughputRecord[], scale: number): Trace["error_y"] {
  if (points.every((point) => point.spread === undefined)) return undefined;
  return { type: "data", array: points.map((point) => (point.spread ?? 0) * scale), visible: true };
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

/** Throughput (tasks/s) against workers: one line per runner kind, with perfect scaling, ceiling and Amdahl. */
export function plotThroughputVsWorkers(records: readonly ThroughputRecord[], options: ScalingChartOptions = {}): Figure {
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
        name: `${line.kind}: perfect scaling`,
        legendgroup: line.kind,
        x,
        y: x.map((workers) => workers * line.oneWorker),
        line: { color: line.color, dash: "dash" },
      });
    }
  }
  if (options.ceiling) {
    const ceiling = sortedCeiling(caller, options.ceiling);
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name: "machine ceiling",
      x: ceiling.map((point) => point.workers),
      y: ceiling.map((point) => point.tasksPerSecond),
      line: { color: referenceColor, dash: "dot" },
    });
  }
  if (options.amdahl) {
    const fit = options.amdahl;
    const base = amdahlBase(caller, fit, lines);
    const x = workerCounts(lines);
    traces.push({
      type: "scatter",
      mode: "lines",
      name: amdahlName(fit, base, lines),
      x,
      y: x.map((workers) => base.oneWorker * amdahlSpeedup(fit.parallelFraction, workers)),
      line: { color: base.color, dash: "dashdot" },
    });
  }
  const layout = baseLayout(
    chartTitle(caller, options.title, "Throughput vs workers"),
    workerAxis(lines),
    { title: axisTitle({ label: "Throughput", unit: "tasks/s" }), rangemode: "tozero" },
  );
  return figureFromParts(caller, traces, layout);
}

/** Speed-up over one worker against workers: one line per kind, the y = N line, ceiling and Amdahl. */
export function plotSpeedupVsWorkers(records: readonly ThroughputRecord[], options: ScalingChartOptions = {}): Figure {
  const caller = "plotSpeedupVsWorkers";
  const lines = kindLines(caller, records);
  const traces: Trace[] = lines.map((line) => measuredTrace(line, 1 / line.oneWorker));
  const allWorkers = workerCounts(lines);
  if (options.perfectScaling !== false) {
    traces.push({
      type: "scatter",
      mode: "lines",
      name: "perfect scaling",
      x: allWorkers,
      y: allWorkers,
      line: { color: referenceColor, dash: "dash" },
    });
  }
  if (options.ceiling) {
    const ceiling = sortedCeiling(caller, options.ceiling);
    const base = oneWorkerThroughput(caller, "the ceiling", ceiling);
    traces.push({
      type: "scatter",
      mode: "lines+markers",
      name: "machine ceiling",
      x: ceiling.map((point) => point.workers),
      y: ceiling.map((point) => point.tasksPerSecond / base),
      line: { color: referenceColor, dash: "dot" },
    });
  }
  if (options.amdahl) {
    const fit = options.amdahl;
    const base = amdahlBase(caller, fit, lines);
    traces.push({
      type: "scatter",
      mode: "lines",
      name: amdahlName(fit, base, lines),
      x: allWorkers,
      y: allWorkers.map((workers) => amdahlSpeedup(fit.parallelFraction, workers)),
      line: { color: base.color, dash: "dashdot" },
    });
  }
  const layout = baseLayout(
    chartTitle(caller, options.title, "Speed-up vs workers"),
    workerAxis(lines),
    { title: axisTitle({ label: "Speed-up", unit: "× 1 worker" }), rangemode: "tozero" },
  );
  return figureFromParts(caller, traces, layout);
}
