import { afterEach, describe, expect, test } from "vitest";
import {
  appendPairs,
  appendPairsTask,
  appendSequence,
  appendSequenceTask,
  awaitCost,
  computeFor,
  countBrokenPairs,
  generatorStepCost,
  lagSummary,
  measurePreemption,
  measurePythonCallVersusResume,
  pingPong,
  plainCallCost,
  preemptionVerdict,
  pythonCallVerdict,
  switchCostVerdict,
  switchLabels,
  threadHandOverCost,
} from "../../../lib/course/05-switching";
import { setCourseLanguage } from "../../../lib/language";
import { ThreadRunner } from "../../../lib/runners/thread-runner";
import { Mutex } from "../../../lib/sync/mutex";
import { SharedCounter } from "../../../lib/sync/shared-counter";
import { SharedQueue } from "../../../lib/sync/shared-queue";

afterEach(() => setCourseLanguage("en"));

function drain(queue: SharedQueue): number[] {
  return Array.from({ length: queue.size }, () => queue.tryGet() as number);
}

test("appendSequence, run in two worker threads, appends each thread's own numbers in order", async () => {
  const queue = new SharedQueue(20);
  const ready = new SharedCounter();
  const threads = new ThreadRunner({ workers: 2 });
  try {
    await threads.map(
      appendSequenceTask,
      [1, -1].map((sign) => ({ queue, ready, sign, items: 10, spinMicroseconds: 0 })),
      { chunksize: 1 },
    );
  } finally {
    await threads.close();
  }
  const entries = drain(queue);
  expect(entries.filter((value) => value > 0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  expect(entries.filter((value) => value < 0)).toEqual([-1, -2, -3, -4, -5, -6, -7, -8, -9, -10]);
});

test("appendPairs with a mutex, run in two worker threads, keeps every pair together", async () => {
  const queue = new SharedQueue(40);
  const ready = new SharedCounter();
  const mutex = new Mutex();
  const threads = new ThreadRunner({ workers: 2 });
  try {
    await threads.map(
      appendPairsTask,
      [1, -1].map((sign) => ({ queue, ready, mutex, sign, items: 10, spinMicroseconds: 20 })),
      { chunksize: 1 },
    );
  } finally {
    await threads.close();
  }
  const entries = drain(queue);
  expect(entries).toHaveLength(40);
  expect(countBrokenPairs(entries)).toBe(0);
});

test("in one thread, appendSequence and appendPairs append what they promise", () => {
  const queue = new SharedQueue(8);
  const ready = new SharedCounter();
  ready.increment(); // stands in for the other thread
  expect(appendSequence({ queue, ready, sign: -1, items: 2, spinMicroseconds: 0 })).toBe(2);
  expect(drain(queue)).toEqual([-1, -2]);
  const again = new SharedCounter();
  again.increment();
  expect(appendPairs({ queue, ready: again, mutex: null, sign: 1, items: 2, spinMicroseconds: 0 })).toBe(2);
  expect(drain(queue)).toEqual([1, 1, 2, 2]);
});

test("countBrokenPairs counts the pairs split by another number", () => {
  expect(countBrokenPairs([1, 1, -1, -1, 2, 2])).toBe(0);
  expect(countBrokenPairs([1, -1, 1, -1, 2, 2])).toBe(2);
});

test("computeFor keeps the thread busy for at least the given time", () => {
  const started = performance.now();
  computeFor(5);
  expect(performance.now() - started).toBeGreaterThanOrEqual(5);
});

test("lagSummary gives each run's series, tick count and worst lag", () => {
  const rows = lagSummary([
    {
      samples: [
        { timeMs: 5, lagMs: 1, series: "a" },
        { timeMs: 40, lagMs: 30, series: "a" },
      ],
    },
    { samples: [{ timeMs: 5, lagMs: 0.5, series: "b" }] },
  ]);
  expect(rows).toEqual([
    { series: "a", ticks: 2, worstLagMs: 30 },
    { series: "b", ticks: 1, worstLagMs: 0.5 },
  ]);
});

test("each cost is a positive number of nanoseconds per call", async () => {
  for (const cost of [plainCallCost(10_000), await awaitCost(10_000), generatorStepCost(10_000)]) {
    expect(Number.isFinite(cost)).toBe(true);
    expect(cost).toBeGreaterThanOrEqual(0);
  }
});

test("an await costs more than a plain call (a promise and a trip through the microtask queue against a jump)", async () => {
  expect(await awaitCost(100_000)).toBeGreaterThan(plainCallCost(100_000));
});

test("bad call counts are refused with the reason", async () => {
  expect(() => plainCallCost(0)).toThrow("calls must be a whole number >= 1, got 0.");
  await expect(awaitCost(1.5)).rejects.toThrow("calls must be a whole number >= 1");
});

describe("preemption", () => {
  test("threads that spin together report the breaks they did not cause, and the verdict states the shares", async () => {
    const rows = await measurePreemption([1, 4], 60, 2);
    expect(rows.map((row) => [row.threads, row.cores])).toEqual([
      [1, 2],
      [4, 2],
    ]);
    // Four threads that never pause on two cores cannot all run: each loses at least a third of its time.
    expect(rows[1].offCpuShare).toBeGreaterThan(1 / 3);
    expect(rows[1].breaksPerThread).toBeGreaterThan(0);
    expect(
      preemptionVerdict([
        { threads: 2, cores: 2, breaksPerThread: 3.2, offCpuShare: 0.012, longestThreadOffCpuMs: 1 },
        { threads: 4, cores: 2, breaksPerThread: 40, offCpuShare: 0.5, longestThreadOffCpuMs: 150 },
      ]),
    ).toBe(
      "Each thread spun without ever pausing by itself, yet it was off the CPU for 1 % of its time with 2 threads on 2 cores (3 breaks per thread), and 50 % of its time with 4 threads on 2 cores (40 breaks per thread).",
    );
  }, 30_000);
});

describe("hand-overs between threads", () => {
  test("pingPong alternates the turn and returns how long its rounds took; threadHandOverCost gives microseconds", async () => {
    const turn = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(turn, 0, 0);
    expect(pingPong({ turn, me: 0, rounds: 1 })).toBeGreaterThanOrEqual(0);
    expect(Atomics.load(turn, 0)).toBe(1);
    const us = await threadHandOverCost(200, 1);
    expect(us).toBeGreaterThan(0);
  }, 30_000);

  test("switchCostVerdict compares an await with a plain call and a hand-over with an await", () => {
    expect(switchCostVerdict({ plainNs: 1.2, generatorNs: 9.6, awaitNs: 30, threadHandOverUs: 12.5 })).toBe(
      "Here an await cost 30 ns (25× a plain call) and a generator step 10 ns: a plain call is the cheapest, the other way round from the source text's CPython; " +
        "handing over from one thread to a sleeping one (Atomics.notify, then its Atomics.wait returns) cost 12.5 µs, 417× an await.",
    );
    expect(switchCostVerdict({ plainNs: 20, generatorNs: 9.6, awaitNs: 30, threadHandOverUs: 12.5 })).toContain(
      "resuming is not dearer than a plain call here, as the source text says of CPython",
    );
  });
});

describe("the source text's claim in CPython", () => {
  test("measures a call and a resume with /usr/bin/python3, and the verdict follows the numbers", async () => {
    const cost = await measurePythonCallVersusResume(20_000);
    expect(cost?.python).toMatch(/^3\.\d+/);
    expect(cost!.callNs).toBeGreaterThan(0);
    expect(pythonCallVerdict({ python: "3.11.2", callNs: 52.4, resumeNs: 38.1 })).toBe(
      "In CPython 3.11.2 here, a plain function call took 52 ns and resuming a generator 38 ns: as the source text says, the call costs more.",
    );
    expect(pythonCallVerdict({ python: "3.14.0", callNs: 20, resumeNs: 31 })).toContain("unlike what the source text says, the call costs less");
    expect(pythonCallVerdict({ python: "3.11.2", callNs: 25.1, resumeNs: 26.6 })).toContain("the two cost about the same");
  }, 60_000);

  test("without that Python it says the claim is the text's, not measured", async () => {
    expect(await measurePythonCallVersusResume(10, "/nonexistent/python3")).toBeUndefined();
    expect(pythonCallVerdict(undefined, "/nonexistent/python3")).toBe(
      "No Python at /nonexistent/python3: the claim that a call costs more than resuming a generator is the source text's, not measured here.",
    );
  });
});

describe("in German", () => {
  test("the preemption, cost and CPython sentences and the operations' names are German, with decimal commas", () => {
    setCourseLanguage("de");
    expect(
      preemptionVerdict([
        { threads: 2, cores: 2, breaksPerThread: 3.2, offCpuShare: 0.012, longestThreadOffCpuMs: 1 },
        { threads: 4, cores: 2, breaksPerThread: 40, offCpuShare: 0.5, longestThreadOffCpuMs: 150 },
      ]),
    ).toBe(
      "Kein Thread hielt je von sich aus inne, und doch war jeder einen Teil seiner Zeit nicht auf der CPU: 1 % bei 2 Threads auf 2 Kernen (3 Unterbrechungen pro Thread) und 50 % bei 4 Threads auf 2 Kernen (40 Unterbrechungen pro Thread).",
    );
    expect(switchCostVerdict({ plainNs: 1.2, generatorNs: 9.6, awaitNs: 30, threadHandOverUs: 12.5 })).toBe(
      "Hier kostete ein await 30 ns (das 25-Fache eines einfachen Aufrufs) und ein Generatorschritt 10 ns: Ein einfacher Aufruf ist am billigsten, umgekehrt als im CPython des Ausgangstextes; " +
        "die Übergabe von einem Thread an einen schlafenden (Atomics.notify, dann kehrt dessen Atomics.wait zurück) kostete 12,5 µs, das 417-Fache eines await.",
    );
    expect(pythonCallVerdict({ python: "3.11.2", callNs: 52.4, resumeNs: 38.1 })).toBe(
      "In CPython 3.11.2 dauerte hier ein einfacher Funktionsaufruf 52 ns und das Fortsetzen eines Generators 38 ns: Wie der Ausgangstext sagt, kostet der Aufruf mehr.",
    );
    expect(pythonCallVerdict(undefined, "/nonexistent/python3")).toMatch(/^Kein Python unter \/nonexistent\/python3: /);
    expect(switchLabels().neverAwaits).toBe("wartet nie");
  });
});
