// Tidy records the charts take: one plain object per measurement, as lib/measure produces them.

/** Tasks per second one runner kind reached with a given number of workers. */
export interface ThroughputRecord {
  /** Runner kind, e.g. "threads" or "processes"; one line per kind. */
  kind: string;
  workers: number;
  tasksPerSecond: number;
  /** Half-width of the spread across repeats, in tasks/s; drawn as an error bar. */
  spread?: number;
}

/** What the machine itself manages with N workers (the ceiling probe); drawn as the ceiling line. */
export interface CeilingRecord {
  workers: number;
  tasksPerSecond: number;
}

/** Cost of sending one payload of a given size over one channel. */
export interface SerializationCostRecord {
  payloadBytes: number;
  /** E.g. "postMessage (structured clone)", "SharedArrayBuffer", "IPC"; one line per channel. */
  channel: string;
  microseconds: number;
}

/** One event-loop lag sample. */
export interface LatencySample {
  /** Time since the measurement started. */
  timeMs: number;
  lagMs: number;
  /** Which run the sample belongs to; one line per series. */
  series?: string;
}

/** An Amdahl's-law fit to draw over the measurements. */
export interface AmdahlFit {
  /** Fraction of the work that runs in parallel, between 0 and 1. */
  parallelFraction: number;
  /** Which kind's 1-worker throughput the fit scales; needed when the records hold several kinds. */
  kind?: string;
}
