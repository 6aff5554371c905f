import { afterEach, describe, expect, test } from "vitest";
import { martelliBands, middleBandEnds, pastTheCores, pastTheCoresVerdict, scalingVerdict, speedupsOf } from "../../../lib/course/01-martelli-scalability";
import { setCourseLanguage } from "../../../lib/language";

const records = [
  { kind: "processes", workers: 2, tasksPerSecond: 180 },
  { kind: "processes", workers: 1, tasksPerSecond: 100 },
  { kind: "processes", workers: 4, tasksPerSecond: 171 },
  { kind: "threads", workers: 1, tasksPerSecond: 110 },
  { kind: "threads", workers: 2, tasksPerSecond: 200 },
  { kind: "threads", workers: 4, tasksPerSecond: 220 },
];

afterEach(() => setCourseLanguage("en"));

describe("speedupsOf", () => {
  test("divides each record of the kind by its one-worker throughput, in worker order", () => {
    expect(speedupsOf(records, "processes")).toEqual([
      { workers: 1, speedup: 1 },
      { workers: 2, speedup: 1.8 },
      { workers: 4, speedup: 1.71 },
    ]);
  });

  test("leaves out worker counts above maxWorkers", () => {
    expect(speedupsOf(records, "threads", 2).map((point) => point.workers)).toEqual([1, 2]);
  });

  test("without a one-worker record it says what to measure", () => {
    expect(() => speedupsOf(records, "async")).toThrow(/one-worker record of kind "async"/);
  });
});

describe("martelliBands", () => {
  test("sorts problems by the cores they need and says which fit on this machine", () => {
    expect(martelliBands(12).map((row) => row.onThisMachine)).toEqual([
      "fits (uses 1 of 12 cores)",
      "fits, up to 12 cores",
      "needs machines beyond this one (more than 12 cores)",
    ]);
    // A many-core machine is not "band 3": band 3 is about problems that outgrow one machine.
    expect(martelliBands(64)[1].onThisMachine).toBe("fits, up to 64 cores");
    expect(martelliBands(1)[1].onThisMachine).toBe("no: this machine has 1 core");
    expect(() => martelliBands(0)).toThrow(/cores must be a whole number >= 1/);
  });
});

describe("scalingVerdict", () => {
  test("states each kind's speed-up at the core count next to the ceiling, perfect scaling and the whole-task limit", () => {
    const ceiling = [
      { processes: 1, speedup: 1, iterationsPerSecond: 1 },
      { processes: 2, speedup: 1.9, iterationsPerSecond: 1.9 },
    ];
    expect(scalingVerdict(records, ceiling, 2, 5)).toBe(
      "At 2 workers: processes 1.80×, threads 1.82× one worker; the hardware ceiling is 1.90×, perfect scaling 2× (the most 5 whole tasks allow: 1.67×).",
    );
    expect(scalingVerdict(records, [], 4, 64)).toContain("the hardware ceiling is not probed");
    expect(() => scalingVerdict(records, ceiling, 3, 5)).toThrow(/"processes" with 3 workers/);
  });
});

describe("pastTheCores", () => {
  const ceiling = [
    { processes: 1, speedup: 1, iterationsPerSecond: 10 },
    { processes: 2, speedup: 1.9, iterationsPerSecond: 19 },
    { processes: 4, speedup: 1.8, iterationsPerSecond: 18 },
  ];

  test("compares the largest worker count with the core count per kind, and the hardware alone", () => {
    const rows = pastTheCores(records, ceiling, 2);
    expect(rows.map((row) => [row.kind, row.mostWorkers])).toEqual([
      ["processes", 4],
      ["threads", 4],
      ["hardware (ceiling probe)", 4],
    ]);
    expect(rows[0].gain).toBeCloseTo(0.95, 10);
    expect(rows[1].gain).toBeCloseTo(1.1, 10);
    expect(rows[2].gain).toBeCloseTo(1.8 / 1.9, 10);
    // One quantity per column: speed-ups over one worker (or one process), never tasks/s next to a factor.
    expect([rows[0].speedupAtCores, rows[0].speedupAtMost]).toEqual([1.8, 1.71]);
    expect([rows[2].speedupAtCores, rows[2].speedupAtMost]).toEqual([1.9, 1.8]);
  });

  test("without the ceiling at the core count there is no hardware row", () => {
    expect(pastTheCores(records, [], 2).map((row) => row.kind)).toEqual(["processes", "threads"]);
  });

  test("a kind not measured at the core count is an error that names it", () => {
    expect(() => pastTheCores(records, ceiling, 3)).toThrow(/"processes" with 3 workers/);
  });
});

describe("pastTheCoresVerdict", () => {
  const row = (kind: string, gain: number) => ({ kind, cores: 2, speedupAtCores: 1.9, mostWorkers: 4, speedupAtMost: 1.9 * gain, gain });

  test("no gain: names the worst loss and ends the middle band at the cores, for CPU-bound work", () => {
    expect(pastTheCoresVerdict([row("threads", 0.97), row("processes", 0.9), row("hardware (ceiling probe)", 1)])).toBe(
      "From 2 to 4 workers: threads 0.97×, processes 0.90×, hardware (ceiling probe) 1.00× — no gain past the cores; processes lost 10 %. " +
        "For CPU-bound work the middle band on this machine ends at its 2 cores: beyond them only more machines (the third band) add speed.",
    );
  });

  test("a gain never draws the conclusion that the middle band ends at the cores", () => {
    for (const rows of [
      [row("threads", 1.3), row("hardware (ceiling probe)", 1.25)],
      [row("threads", 1.3), row("hardware (ceiling probe)", 1)],
    ]) {
      expect(pastTheCoresVerdict(rows)).not.toMatch(/middle band/);
    }
  });

  test("a gain the spinning processes shared is blamed on a busy machine", () => {
    expect(pastTheCoresVerdict([row("threads", 1.3), row("hardware (ceiling probe)", 1.25)])).toMatch(/other programs were competing for the cores/);
  });

  test("a gain the hardware did not share is called a disturbed measurement", () => {
    expect(pastTheCoresVerdict([row("threads", 1.3), row("processes", 1), row("hardware (ceiling probe)", 1)])).toMatch(
      /threads gained past the cores while the hardware did not/,
    );
  });

  test("middleBandEnds is the conclusion of the no-gain verdict", () => {
    expect(pastTheCoresVerdict([row("threads", 0.97), row("hardware (ceiling probe)", 1)]).endsWith(middleBandEnds(2))).toBe(true);
  });
});

describe("in German", () => {
  test("the bands, the verdicts and the hardware row are German, with decimal commas", () => {
    setCourseLanguage("de");
    expect(martelliBands(12).map((row) => row.onThisMachine)).toEqual([
      "passt (nutzt 1 von 12 Kernen)",
      "passt, bis zu 12 Kerne",
      "braucht weitere Rechner (mehr als 12 Kerne)",
    ]);
    expect(martelliBands(1)[0].onThisMachine).toBe("passt (nutzt 1 von 1 Kern)");
    const ceiling = [
      { processes: 1, speedup: 1, iterationsPerSecond: 1 },
      { processes: 2, speedup: 1.9, iterationsPerSecond: 1.9 },
      { processes: 4, speedup: 1.8, iterationsPerSecond: 1.8 },
    ];
    expect(scalingVerdict(records, ceiling, 2, 5)).toBe(
      "Bei 2 Workern: processes 1,80×, threads 1,82× so schnell wie ein Worker; die Obergrenze der Hardware liegt bei 1,90×, perfekte Skalierung bei 2× (höchstens möglich mit 5 ganzen Aufgaben: 1,67×).",
    );
    const rows = pastTheCores(records, ceiling, 2);
    expect(rows[2].kind).toBe("Hardware (Messung der Obergrenze)");
    expect(pastTheCoresVerdict(rows)).toBe(
      "Von 2 auf 4 Worker: processes 0,95×, threads 1,10×, Hardware (Messung der Obergrenze) 0,95× – kein Gewinn jenseits der Kerne; processes verlor 5 %. " +
        "Für CPU-lastige Arbeit endet die mittlere Kategorie auf diesem Rechner bei seinen 2 Kernen: Darüber hinaus bringen nur weitere Rechner (die dritte Kategorie) mehr Geschwindigkeit.",
    );
    const gained = rows.map((row) => (row.kind === "threads" ? { ...row, gain: 1.3 } : row));
    expect(pastTheCoresVerdict(gained)).toMatch(
      / – threads gewannen jenseits der Kerne, die Hardware aber nicht: .*messt noch einmal, bevor ihr einen Schluss zieht\.$/,
    );
  });
});
