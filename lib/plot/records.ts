// The least each chart needs from a record. lib/measure's records (ThroughputRecord, CeilingRecord,
// AmdahlFit, SerializationRecord, timer-lateness samples) have these fields, so they pass as they are;
// the names differ from lib/measure's so both modules can be exported side by side.

/** One throughput measurement (lib/measure's ThroughputRecord fits). */
export interface ThroughputPoint {
  /** Runner kind, e.g. "threads" or "processes"; one line per kind. */
  kind: string;
  workers: number;
  tasksPerSecond: number;
  /** (max − min) / median of the repetitions' times, relative; drawn as an error bar of ± half that. */
  spread?: number;
}

/** One ceiling-probe result (lib/measure's CeilingRecord fits): what N processes spinning together reach. */
export interface CeilingPoint {
  processes: number;
  /** Summed rate over one process's rate. */
  speedup: number;
}

/** An Amdahl's-law fit to draw (lib/measure's AmdahlFit fits). */
export interface AmdahlCurve {
  /** s: the fraction of the work that does not run in parallel, between 0 and 1. */
  serialFraction: number;
  /** Which kind the fit belongs to: its colour, and its 1-worker throughput as the base. Default: the fastest kind. */
  kind?: string;
  /** Set when the fit was clamped at 0 or 1; the legend says so instead of a percentage. */
  atBound?: "lower" | "upper";
  /** Tasks per run the fit allowed for (the tail of the last round): the curve is drawn at whole worker counts. */
  tasks?: number;
}

/** One serialization round trip (lib/measure's SerializationRecord fits). */
export interface CostPoint {
  /** E.g. "thread", "process-json"; one line per channel. */
  channel: string;
  /** Payload shape, e.g. "numbers"; lines split by shape too when several are present. */
  shape?: string;
  bytes: number;
  roundTripMs: number;
}

/** One timer-lateness sample (recordTimerLateness's samples fit). */
export interface LatencySample {
  /** Time since the measurement started. */
  timeMs: number;
  /** How much later than asked the timer fired. */
  lagMs: number;
  /** Which run the sample belongs to; one line per series. */
  series?: string;
}
