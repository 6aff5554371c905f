import { afterEach, expect, test } from "vitest";
import {
  baselineRowsInWords,
  baselineSource,
  blockedLoopVerdict,
  busyFor,
  copyOrMove,
  transferVerdict,
  describeSpeedups,
  gilLabels,
  measureGilByComputeShare,
  measurePythonBaseline,
  whereTheGilHurts,
  primesUnderGil,
  primesUnderGilTask,
  recordedPythonBaseline,
  requestUnderGil,
  speedupAt,
  variantOf,
  worstLateness,
  type TransferRow,
} from "../../../lib/course/03-global-interpreter-lock";
import { setCourseLanguage } from "../../../lib/language";
import type { ThroughputRecord } from "../../../lib/measure/throughput";
import { createRunner } from "../../../lib/runners/create-runner";
import { SimulatedGIL } from "../../../lib/sync/simulated-gil";
import { countPrimes } from "../../../lib/workloads/cpu";

afterEach(() => setCourseLanguage("en"));

test("primesUnderGil counts the same primes with and without the GIL, and leaves the GIL free", () => {
  const gil = new SimulatedGIL({ switchIntervalMs: 0.01 });
  expect(primesUnderGil({ limit: 5000 })).toBe(countPrimes(5000));
  expect(primesUnderGil({ gil, limit: 5000 })).toBe(countPrimes(5000));
  expect(gil.isHeldByMe).toBe(false);
  expect(requestUnderGil({ gil, ioMs: 1, limit: 100 })).toBe(countPrimes(100));
  expect(gil.isHeldByMe).toBe(false);
});

test("speedupAt divides each line's throughput by its own one-worker throughput", () => {
  const record = (kind: string, workers: number, tasksPerSecond: number): ThroughputRecord => ({
    kind,
    workers,
    tasks: 1,
    seconds: 1 / tasksPerSecond,
    tasksPerSecond,
    spread: 0,
  });
  expect(speedupAt([record("x", 1, 10), record("x", 2, 15), record("y", 1, 4), record("y", 2, 8)], 2)).toEqual({ x: 1.5, y: 2 });
});

test("without a Python, the baseline is the recorded one and says so", async () => {
  const baseline = await measurePythonBaseline({ python: "/nonexistent/python3" });
  expect(baseline).toBe(recordedPythonBaseline);
  expect(baseline.source).toBe("recorded");
  expect(baseline.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(baseline.rows).toHaveLength(8);
});

test("with /usr/bin/python3, the baseline is measured: both models, both workloads, speed-ups against one worker", async () => {
  const baseline = await measurePythonBaseline({ workers: [1, 2], cpuTasks: 2, cpuLimit: 2000, ioTasks: 2, ioMs: 5 });
  expect(baseline.source).toBe("measured");
  expect(baseline.gilEnabled).toBe(true);
  expect(baseline.rows.map((row) => `${row.workload} ${row.model} ${row.workers}`)).toEqual([
    "CPU-bound threads 1",
    "CPU-bound threads 2",
    "CPU-bound processes 1",
    "CPU-bound processes 2",
    "I/O-bound threads 1",
    "I/O-bound threads 2",
    "I/O-bound processes 1",
    "I/O-bound processes 2",
  ]);
  expect(baseline.rows.filter((row) => row.workers === 1).every((row) => row.speedup === 1)).toBe(true);
});

test("variantOf repeats the input, with the GIL only when one is given", () => {
  const gil = new SimulatedGIL({ switchIntervalMs: 1 });
  const work = { task: primesUnderGilTask, count: 3, input: { limit: 100 } };
  const withGil = variantOf("with", "threads", work, gil);
  expect(withGil.label).toBe("with");
  expect(withGil.runner).toBe("threads");
  expect(withGil.workload.task).toBe(primesUnderGilTask);
  expect(withGil.workload.inputs).toHaveLength(3);
  expect(withGil.workload.inputs.every((input) => input.gil === gil && input.limit === 100)).toBe(true);
  expect(variantOf("without", "processes", work).workload.inputs.every((input) => input.gil === undefined)).toBe(true);
});

test("describeSpeedups writes one line per variant with two decimals", () => {
  expect(describeSpeedups({ threads: 1.234, processes: 1.9 }, 2)).toBe("threads: 1.23× at 2 workers\nprocesses: 1.90× at 2 workers");
});

test("busyFor keeps the thread busy for at least the time asked", () => {
  const started = performance.now();
  expect(busyFor(5)).toBe(5);
  expect(performance.now() - started).toBeGreaterThanOrEqual(5);
});

test("worstLateness gives each run's series, tick count and largest lag", () => {
  const runs = [
    {
      samples: [
        { timeMs: 5, lagMs: 1, series: "idle" },
        { timeMs: 10, lagMs: 3, series: "idle" },
      ],
    },
    { samples: [{ timeMs: 8, lagMs: 40, series: "busy" }] },
  ];
  expect(worstLateness(runs)).toEqual([
    { series: "idle", ticks: 2, worstLagMs: 3 },
    { series: "busy", ticks: 1, worstLagMs: 40 },
  ]);
});

test("whereTheGilHurts names the first computing share at which the GIL kept less than 80 % of the throughput", () => {
  const row = (computeShare: number, gilKeeps: number) => ({ limit: 1, computeMs: 1, computeShare, withGil: gilKeeps, withoutGil: 1, gilKeeps });
  expect(whereTheGilHurts([row(0.6, 0.7), row(0.05, 0.98), row(0.3, 0.85)], 2)).toBe(
    "With 2 threads the GIL starts to hurt once computing is about 60 % of a request: there it keeps only 70 % of the throughput without it.",
  );
  expect(whereTheGilHurts([row(0.05, 0.98), row(0.3, 0.9)], 2)).toBe(
    "With 2 threads the GIL never cost more than 20 % here, up to a computing share of 30 %: the waits still overlapped.",
  );
});

test("measureGilByComputeShare measures both variants per limit and times the computing", async () => {
  const gil = new SimulatedGIL({ switchIntervalMs: 5 });
  const rows = await measureGilByComputeShare({ gil, limits: [500, 20_000], ioMs: 5, tasks: 4, workers: 2 });
  expect(rows.map((row) => row.limit)).toEqual([500, 20_000]);
  for (const row of rows) {
    expect(row.withGil).toBeGreaterThan(0);
    expect(row.gilKeeps).toBeCloseTo(row.withGil / row.withoutGil, 12);
    expect(row.computeShare).toBeCloseTo(row.computeMs / (row.computeMs + 5), 12);
  }
  expect(rows[1].computeMs).toBeGreaterThan(rows[0].computeMs);
}, 60_000);

test("copyOrMove: a copied buffer stays with the sender, a moved one leaves it", async () => {
  const runner = createRunner("threads", { workers: 1 });
  try {
    const [copied, moved] = await copyOrMove(runner, 1, 1);
    expect(copied).toMatchObject({ way: "copied (structured clone)", workerGotBytes: 1_000_000, senderKeepsBytes: 1_000_000 });
    expect(moved).toMatchObject({ way: "moved (transferList)", workerGotBytes: 1_000_000, senderKeepsBytes: 0 });
    expect(copied.roundTripMs).toBeGreaterThan(0);
    expect(
      transferVerdict([
        { ...copied, roundTripMs: 12 },
        { ...moved, roundTripMs: 3 },
      ]),
    ).toBe("Moving took 3.0 ms against 12.0 ms for copying (4.0× faster); after moving, the sender still had 0 of the 1000000 bytes.");
    expect(
      transferVerdict([
        { ...copied, roundTripMs: 2 },
        { ...moved, roundTripMs: 3 },
      ]),
    ).toContain("(1.5× slower)");
  } finally {
    await runner.close();
  }
  const inline = createRunner("inline");
  await expect(copyOrMove(inline, 1)).rejects.toThrow(/needs a thread runner/);
  await inline.close();
}, 30_000);

test("blockedLoopVerdict states the worst lag against the loop's length", () => {
  expect(blockedLoopVerdict([{ worstLagMs: 1.23 }, { worstLagMs: 287.6 }, { worstLagMs: 2.04 }], 300)).toBe(
    "While the main thread computed for 300 ms, the timer's worst tick was 288 ms late (96 % of the loop's length); idle, 1.2 ms; with the same loop in a worker thread, 2.0 ms.",
  );
});

test("in German, the baseline's sentence, machine and table names, the speed-ups and the compute-share sentence are German, with decimal commas", () => {
  setCourseLanguage("de");
  expect(baselineSource(recordedPythonBaseline)).toBe(
    "AUFGEZEICHNETE Werte, nicht auf diesem Rechner gemessen: Python 3.11.2, Linux x64, 2 Kerne (virtuelle Maschine, mit anderen Jobs geteilt, Last ≈ 1), Debian 12; Median aus 5 Läufen, 2026-11-26.",
  );
  expect(baselineSource({ ...recordedPythonBaseline, source: "measured", machine: { en: "linux x64, 2 cores", de: "linux x64, 2 Kerne" } })).toBe(
    "Jetzt gemessen: Python 3.11.2 (GIL aktiv: ja) auf linux x64, 2 Kerne.",
  );
  expect(
    baselineRowsInWords(recordedPythonBaseline.rows)
      .slice(0, 3)
      .map((row) => `${row.workload} ${row.model}`),
  ).toEqual(["CPU-lastig Threads", "CPU-lastig Threads", "CPU-lastig Prozesse"]);
  expect(gilLabels().withGil).toBe("Threads + simuliertes GIL");
  expect(describeSpeedups({ [gilLabels().processes]: 1.9 }, 2)).toBe("Prozesse: 1,90× bei 2 Workern");
  const row = (computeShare: number, gilKeeps: number) => ({ limit: 1, computeMs: 1, computeShare, withGil: gilKeeps, withoutGil: 1, gilKeeps });
  expect(whereTheGilHurts([row(0.6, 0.7)], 2)).toBe(
    "Bei 2 Threads beginnt das GIL zu schaden, sobald das Rechnen etwa 60 % einer Anfrage ausmacht: Dort bleiben mit GIL nur 70 % des Durchsatzes ohne GIL.",
  );
});

test("in German, the transfer and blocked-loop sentences are German, and the transfer verdict finds the German rows", () => {
  setCourseLanguage("de");
  const rows: TransferRow[] = [
    { way: "kopiert (Structured Clone)", megabytes: 1, roundTripMs: 12, workerGotBytes: 1_000_000, senderKeepsBytes: 1_000_000 },
    { way: "verschoben (transferList)", megabytes: 1, roundTripMs: 3, workerGotBytes: 1_000_000, senderKeepsBytes: 0 },
  ];
  expect(transferVerdict(rows)).toBe(
    "Das Verschieben dauerte 3,0 ms, das Kopieren 12,0 ms (4,0× schneller); nach dem Verschieben hatte der Sender noch 0 der 1000000 Bytes.",
  );
  expect(blockedLoopVerdict([{ worstLagMs: 1.23 }, { worstLagMs: 287.6 }, { worstLagMs: 2.04 }], 300)).toBe(
    "Während der Haupt-Thread 300 ms lang rechnete, kam der am stärksten verspätete Tick des Timers 288 ms zu spät (96 % der Dauer der Schleife); bei untätiger Loop 1,2 ms, mit derselben Schleife in einem Worker-Thread 2,0 ms.",
  );
  // Rows made in English are not the German rows: the verdict refuses them rather than guess.
  setCourseLanguage("en");
  const english = rows.map((each, index) => ({ ...each, way: index === 0 ? "copied (structured clone)" : "moved (transferList)" }));
  setCourseLanguage("de");
  expect(() => transferVerdict(english)).toThrow(/needs copyOrMove's two rows/);
});
