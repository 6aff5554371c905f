// Helpers of the notebook "Tooling": the shared list of the lock-only producer/consumer version,
// checking that a producer/consumer setup delivered every item exactly once, whatever the
// consumers were (threads, processes, async tasks), and stopping a service with a signal.
import { spawn } from "node:child_process";
import path from "node:path";
import { inCourseLanguage } from "../language";
import type { TableColumn } from "../plot";
import { buildRoot } from "../runners/build-paths";
import { ensureLibBuilt } from "../runners/fresh-build";
import { Mutex } from "../sync/mutex";
import type { ServiceEvent } from "./06-shutdown-service";

// The words this module prints, per course language (see lib/language.ts).
const english = {
  graceful: "handler: abort, drain, close",
  abrupt: "no handler (the default action)",
  exitCode: (code: number) => `exited with code ${code}`,
  killedBy: (signal: string) => `was ended by ${signal}`,
  timedOut: "was still running at the time limit and was killed",
  verdict: (graceful: string, abrupt: string) => `With the handler, ${graceful}; without it, ${abrupt}.`,
  run: (row: ShutdownRow) =>
    `the service ${row.exit} ${row.msToExit.toFixed(0)} ms after ${row.signal}; ${row.unfinishedAtSignal} items were waiting or in progress then, ` +
    `and ${row.lost} of the ${row.takenIn} items it took in were never processed`,
};

const german: typeof english = {
  graceful: "Handler: abbrechen, leeren, schließen",
  abrupt: "kein Handler (die Standardaktion)",
  exitCode: (code) => `mit Exit-Code ${code} beendet`,
  killedBy: (signal) => `durch ${signal} beendet`,
  timedOut: "lief beim Zeitlimit noch und wurde abgebrochen",
  verdict: (graceful, abrupt) => `Mit Handler endete ${graceful}; ohne Handler endete ${abrupt}.`,
  run: (row) =>
    `der Dienst ${row.msToExit.toFixed(0)} ms nach ${row.signal} (${row.exit}); zu diesem Zeitpunkt warteten ${row.unfinishedAtSignal} Elemente oder waren in Arbeit, ` +
    `und ${row.lost} der ${row.takenIn} angenommenen Elemente wurden nie verarbeitet`,
};

/** What this module prints, in the language the notebook set (see lib/language.ts). */
export function toolingWords(): typeof english {
  return inCourseLanguage({ en: english, de: german });
}

/**
 * A list that threads share under one lock: `cells[0]` counts the items written, `cells[1]` the
 * items taken, and the items follow from `cells[2]`. Change it only while holding `mutex`.
 */
export interface LockedList {
  mutex: Mutex;
  cells: Int32Array;
}

/** An empty LockedList with room for `capacity` items, in shared memory so worker threads see the same list. */
export function createLockedList(capacity: number): LockedList {
  if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError(`capacity must be a whole number >= 0, got ${capacity}.`);
  return { mutex: new Mutex(), cells: new Int32Array(new SharedArrayBuffer(4 * (2 + capacity))) };
}

export interface DeliveryCheck {
  /** Items the producers put. */
  produced: number;
  /** Items the consumers took, counting repeats. */
  consumed: number;
  /** Items taken more than once. */
  duplicates: number;
  /** Items produced but never taken. */
  missing: number;
  /** Items taken that no producer put. */
  unexpected: number;
  /** How many items each consumer took, e.g. "351 / 649". */
  perConsumer: string;
  exactlyOnce: boolean;
}

/** Compares what the consumers received (one array per consumer) with what was produced. */
export function checkDelivery(produced: Iterable<number>, receivedPerConsumer: readonly (readonly number[])[]): DeliveryCheck {
  const expected = new Set(produced);
  const timesTaken = new Map<number, number>();
  for (const item of receivedPerConsumer.flat()) timesTaken.set(item, (timesTaken.get(item) ?? 0) + 1);
  let duplicates = 0;
  let unexpected = 0;
  for (const [item, times] of timesTaken) {
    if (times > 1) duplicates += times - 1;
    if (!expected.has(item)) unexpected += times;
  }
  const missing = [...expected].filter((item) => !timesTaken.has(item)).length;
  return {
    produced: expected.size,
    consumed: receivedPerConsumer.reduce((sum, items) => sum + items.length, 0),
    duplicates,
    missing,
    unexpected,
    perConsumer: receivedPerConsumer.map((items) => items.length).join(" / "),
    exactlyOnce: duplicates === 0 && missing === 0 && unexpected === 0,
  };
}

/**
 * checkDelivery's fields as table columns: in English headed by their keys, which the notebook's
 * prose names; in German by words.
 */
export const deliveryColumns: readonly TableColumn<DeliveryCheck>[] = [
  { key: "produced", title: { en: "produced", de: "erzeugt" } },
  { key: "consumed", title: { en: "consumed", de: "entnommen" } },
  { key: "duplicates", title: { en: "duplicates", de: "doppelt" } },
  { key: "missing", title: { en: "missing", de: "fehlend" } },
  { key: "unexpected", title: { en: "unexpected", de: "unerwartet" } },
  { key: "perConsumer", title: { en: "perConsumer", de: "pro Verbraucher" } },
  { key: "exactlyOnce", title: { en: "exactlyOnce", de: "genau einmal" } },
];

const serviceEntry = path.join(buildRoot, "lib/course/06-shutdown-service.js");

export interface ShutdownRow {
  way: string;
  signal: "SIGINT" | "SIGTERM";
  /** Items the producer had put on the queue when the service ended. */
  takenIn: number;
  processed: number;
  /** Taken in but not yet processed when the signal was sent. */
  unfinishedAtSignal: number;
  /** Taken in but never processed. */
  lost: number;
  exit: string;
  /** From sending the signal to the process's exit. */
  msToExit: number;
}

const items = { en: "items", de: "Elemente" };

/** stopServiceWithSignal's rows as table columns. */
export const shutdownColumns: readonly TableColumn<ShutdownRow>[] = [
  { key: "way", title: { en: "way", de: "Vorgehen" } },
  { key: "signal", title: { en: "signal", de: "Signal" } },
  { key: "exit", title: { en: "exit", de: "Ende" } },
  { key: "unfinishedAtSignal", title: { en: "unfinished at the signal", de: "unfertig beim Signal" }, unit: items },
  { key: "takenIn", title: { en: "taken in", de: "angenommen" }, unit: items },
  { key: "processed", title: { en: "processed", de: "verarbeitet" }, unit: items },
  { key: "lost", title: { en: "never processed", de: "nie verarbeitet" }, unit: items },
  { key: "msToExit", title: { en: "signal to exit", de: "vom Signal bis zum Ende" }, unit: "ms" },
];

/**
 * Starts the shutdown service (lib/course/06-shutdown-service.ts) as a child process, sends it
 * `signal` once it has processed `afterItems` items, and reports how it ended.
 */
export async function stopServiceWithSignal(options: {
  graceful: boolean;
  signal: "SIGINT" | "SIGTERM";
  afterItems: number;
  itemMs: number;
  primesBelow: number;
  timeoutMs?: number;
}): Promise<ShutdownRow> {
  ensureLibBuilt();
  const args = [serviceEntry, ...(options.graceful ? ["--graceful"] : []), String(options.itemMs), String(options.primesBelow)];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  let last: ServiceEvent = { event: "ready", produced: 0, processed: 0, queued: 0 };
  let signalledAt: number | undefined;
  let unfinishedAtSignal = 0;
  let buffered = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines.filter((entry) => entry.trim() !== "")) {
      last = JSON.parse(line) as ServiceEvent;
      if (signalledAt === undefined && last.processed >= options.afterItems) {
        signalledAt = performance.now();
        unfinishedAtSignal = last.produced - last.processed;
        child.kill(options.signal);
      }
    }
  });
  const limit = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.once("exit", (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
  );
  clearTimeout(limit);
  const words = toolingWords();
  const exit = signal === "SIGKILL" ? words.timedOut : code !== null ? words.exitCode(code) : words.killedBy(String(signal));
  return {
    way: options.graceful ? words.graceful : words.abrupt,
    signal: options.signal,
    takenIn: last.produced,
    processed: last.processed,
    unfinishedAtSignal,
    lost: last.produced - last.processed,
    exit,
    msToExit: signalledAt === undefined ? NaN : performance.now() - signalledAt,
  };
}

/** Both runs of the shutdown demonstration in one sentence: the graceful row first, the abrupt one second. */
export function shutdownVerdict(rows: readonly ShutdownRow[]): string {
  const words = toolingWords();
  const graceful = rows.find((row) => row.way === words.graceful);
  const abrupt = rows.find((row) => row.way === words.abrupt);
  if (graceful === undefined || abrupt === undefined) throw new RangeError("shutdownVerdict needs a graceful and an abrupt row from stopServiceWithSignal.");
  return words.verdict(words.run(graceful), words.run(abrupt));
}
