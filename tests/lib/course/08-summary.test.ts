import { afterEach, describe, expect, test } from "vitest";
import {
  appVerdict,
  decisionRow,
  measureOverview,
  overviewMeasurementRows,
  overviewRows,
  profileVerdict,
  profileWhile,
  timeDesigns,
  timeDesignsAtComputeSizes,
  type DecisionRow,
} from "../../../lib/course/08-summary";
import { setCourseLanguage } from "../../../lib/language";
import type { ThroughputRecord } from "../../../lib/measure/throughput";
import { countPrimes } from "../../../lib/workloads/cpu";

const record = (kind: ThroughputRecord["kind"], tasksPerSecond: number): ThroughputRecord => ({
  kind,
  workers: 2,
  tasks: 10,
  seconds: 10 / tasksPerSecond,
  tasksPerSecond,
  spread: 0,
});

afterEach(() => setCourseLanguage("en"));

describe("decisionRow", () => {
  test("names the fastest model and its lead over the runner-up", () => {
    const row = decisionRow("CPU-bound", [record("async", 50), record("threads", 180), record("processes", 90)]);
    expect(row).toEqual({ workload: "CPU-bound", workers: 2, async: 50, threads: 180, processes: 90, best: "threads", lead: "2.0×" });
  });

  test("takes the workload in both languages and shows the one set, with the lead in its notation", () => {
    const records = [record("async", 50), record("threads", 180), record("processes", 90)];
    setCourseLanguage("de");
    expect(decisionRow({ en: "CPU-bound", de: "CPU-lastig" }, records)).toMatchObject({ workload: "CPU-lastig", best: "threads", lead: "2,0×" });
  });

  test("fails with a clear message when a model was not measured", () => {
    expect(() => decisionRow("I/O", [record("async", 50), record("threads", 60)])).toThrow(/needs a processes record/);
  });
});

describe("timeDesigns", () => {
  test("runs each design once untimed plus its repetitions and reports items per second", async () => {
    const calls = { a: 0, b: 0 };
    const records = await timeDesigns(
      [
        { design: "a", run: async () => void (calls.a += 1) },
        { design: { en: "b", de: "B" }, run: () => new Promise((resolve) => setTimeout(() => resolve((calls.b += 1)), 20)) },
      ],
      { items: 4, repetitions: 2 },
    );
    expect(calls).toEqual({ a: 3, b: 3 });
    expect(records.map((entry) => entry.design)).toEqual(["a", "b"]);
    setCourseLanguage("de");
    const [german] = await timeDesigns([{ design: { en: "b", de: "B" }, run: async () => undefined }], { items: 1, repetitions: 1 });
    expect(german.design).toBe("B");
    expect(records[1].seconds).toBeGreaterThanOrEqual(0.015);
    expect(records[1].itemsPerSecond).toBeCloseTo(4 / records[1].seconds, 6);
  });
});

describe("appVerdict", () => {
  test("compares the mixed design, the third, with the two others, in the language set", () => {
    const designs = [40, 25, 100].map((itemsPerSecond, index) => ({ design: String(index), items: 10, seconds: 10 / itemsPerSecond, itemsPerSecond }));
    expect(appVerdict(designs)).toBe("mixed vs all async: 2.5×, mixed vs all processes: 4.0×");
    setCourseLanguage("de");
    expect(appVerdict(designs)).toBe("gemischt gegenüber alles async: 2,5×, gemischt gegenüber alles in Prozessen: 4,0×");
    expect(() => appVerdict(designs.slice(1))).toThrow("appVerdict needs the records of three designs (all async, all processes, mixed), got 2.");
  });
});

describe("timeDesignsAtComputeSizes", () => {
  test("times every design at each amount of work, with a larger prime limit for more work", async () => {
    const limits: number[] = [];
    const calls: string[] = [];
    const rows = await timeDesignsAtComputeSizes(
      [1, 20],
      (primesBelow) => {
        limits.push(primesBelow);
        return [
          { design: "a", run: async () => calls.push(`a${primesBelow}`) },
          { design: "b", run: async () => calls.push(`b${primesBelow}`) },
        ];
      },
      { items: 4, repetitions: 1 },
    );
    expect(rows.map(({ computeMs, design }) => ({ computeMs, design }))).toEqual([
      { computeMs: 1, design: "a" },
      { computeMs: 1, design: "b" },
      { computeMs: 20, design: "a" },
      { computeMs: 20, design: "b" },
    ]);
    for (const row of rows) expect(row.itemsPerSecond).toBeGreaterThan(0);
    expect(limits[1]).toBeGreaterThan(limits[0]);
    expect(calls).toHaveLength(8); // one untimed and one timed run per design and amount
  });
});

describe("profiling before choosing", () => {
  test("profileWhile finds the function that burns the CPU, and measures how late the event loop got", async () => {
    const profile = await profileWhile(async () => {
      for (let round = 0; round < 10; round += 1) {
        countPrimes(100_000);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return "done";
    });
    expect(profile.result).toBe("done");
    // Under either name: the optimizer may inline countPrimesInRange into countPrimes.
    const burner = profile.functions.find((row) => row.function.startsWith("countPrimes"));
    expect(burner?.function).toMatch(/^countPrimes(InRange)? \(lib\/workloads\/cpu\.ts:\d+\)$/);
    expect(burner!.share).toBeGreaterThan(0.3);
    expect(profile.loopDelay.maxMs).toBeGreaterThanOrEqual(profile.loopDelay.p50Ms);
    expect(profileVerdict({ functions: [{ function: "f (a.ts:1)", selfMs: 40, share: 0.8 }], loopDelay: { p50Ms: 5.2, p99Ms: 11.04, maxMs: 12.3 } })).toBe(
      "The profile spent 80 % of its busy samples in f (a.ts:1); meanwhile the event loop was late by up to 12.3 ms (99th percentile 11.0 ms).",
    );
    setCourseLanguage("de");
    expect(profileVerdict({ functions: [{ function: "f (a.ts:1)", selfMs: 40, share: 0.8 }], loopDelay: { p50Ms: 5.2, p99Ms: 11.04, maxMs: 12.3 } })).toBe(
      "Das Profil fand 80 % seiner aktiven Stichproben in f (a.ts:1); währenddessen war die Event-Loop um bis zu 12,3 ms verspätet (99. Perzentil: 11,0 ms).",
    );
  });
});

describe("the overview table", () => {
  test("measureOverview measures each quantity once, and overviewRows puts them with the decision table's throughput", async () => {
    const measured = await measureOverview();
    for (const value of Object.values(measured)) expect(value).toBeGreaterThan(0);
    expect(overviewMeasurementRows(measured).map((row) => row.unit)).toEqual(["ms", "ms", "ms", "µs", "µs", "ns"]);
    const decision = (async: number, threads: number, processes: number): DecisionRow => ({
      workload: "w",
      workers: 2,
      async,
      threads,
      processes,
      best: "threads",
      lead: "1.0×",
    });
    const rows = overviewRows({ ...measured, awaitNs: 61.4 }, { cpu: decision(90, 180, 175), io: decision(300, 290, 280) });
    expect(rows.map((row) => row.criterion)).toEqual(["separation (Trennung)", "switching (Wechsel)", "tooling", "performance"]);
    expect(rows[1].async).toBe("cooperative, only at await: one await took 61 ns");
    expect(rows[3].threads).toBe("CPU-bound 180 tasks/s, I/O-bound 290 requests/s");
    setCourseLanguage("de");
    const german = overviewRows({ ...measured, awaitNs: 61.4 }, { cpu: decision(90, 1800.4, 175), io: decision(300, 290, 280) });
    expect(german.map((row) => row.criterion)).toEqual(["Trennung", "Wechsel", "Tooling", "Performance"]);
    expect(german[1].async).toBe("kooperativ, nur bei await: ein await dauerte 61 ns");
    expect(german[3].threads).toBe("CPU-lastig 1.800 Aufgaben/s, I/O-lastig 290 Anfragen/s");
    expect(overviewMeasurementRows(measured)[0].measurement).toBe("100 kB zu einem Worker-Thread und zurück");
  }, 60_000);
});
