import { afterEach, expect, test } from "vitest";
import { sweepVerdict } from "../../../lib/course/00-start-here";
import { setCourseLanguage } from "../../../lib/language";
import { fitAmdahl } from "../../../lib/measure/amdahl";

const sweep = [
  { kind: "threads", workers: 2, tasksPerSecond: 180 },
  { kind: "threads", workers: 1, tasksPerSecond: 100 },
  { kind: "threads", workers: 3, tasksPerSecond: 240 },
];
const ceiling = [
  { processes: 1, speedup: 1, iterationsPerSecond: 1 },
  { processes: 3, speedup: 2.9, iterationsPerSecond: 2.9 },
];

test("the sweep verdict states the widest point's speed-up next to perfect scaling, the whole-task limit and the ceiling", () => {
  const fit = fitAmdahl(
    [
      { workers: 2, speedup: 1.8 },
      { workers: 3, speedup: 2.4 },
    ],
    { tasks: 16 },
  );
  expect(sweepVerdict(sweep, ceiling, fit, 16)).toBe(
    `threads at 3 workers: 2.40× one worker (perfect: 3×, the most 16 whole tasks allow: 2.67×, machine ceiling: 2.90×); ` +
      `Amdahl serial fraction ${(100 * fit.serialFraction).toFixed(1)} %, limit ${(1 / fit.serialFraction).toFixed(1)}×`,
  );
});

test("a fit at its bound is named as such, not as 100.0 %", () => {
  const flat = [
    { kind: "threads", workers: 1, tasksPerSecond: 100 },
    { kind: "threads", workers: 2, tasksPerSecond: 90 },
  ];
  const fit = fitAmdahl([{ workers: 2, speedup: 0.9 }]);
  expect(sweepVerdict(flat, [], fit, 8)).toBe(
    "threads at 2 workers: 0.90× one worker (perfect: 2×, the most 8 whole tasks allow: 2.00×, machine ceiling: not measured); " +
      "Amdahl serial fraction 100 % — the fit's upper bound: no speed-up measured, limit 1.0×",
  );
});

afterEach(() => setCourseLanguage("en"));

test("in German the verdict reads as the German edition prints it, with decimal commas", () => {
  setCourseLanguage("de");
  const fit = { serialFraction: 0.05, maxSpeedup: 20, predict: () => 1 };
  expect(sweepVerdict(sweep, ceiling, fit, 16)).toBe(
    "threads mit 3 Workern: 2,40× so schnell wie ein Worker (perfekt: 3×, höchstens möglich mit 16 ganzen Aufgaben: 2,67×, Obergrenze des Rechners: 2,90×); " +
      "serieller Anteil nach Amdahl 5,0 %, Grenze 20,0×",
  );
  expect(sweepVerdict(sweep, [], { ...fit, serialFraction: 0, maxSpeedup: Infinity }, 16)).toMatch(
    /Obergrenze des Rechners: nicht gemessen\); serieller Anteil nach Amdahl 0,0 %, Grenze keine \(s = 0\)$/,
  );
});

test("without a one-worker record it says what is missing", () => {
  expect(() => sweepVerdict(sweep.slice(0, 1), ceiling, fitAmdahl([{ workers: 2, speedup: 1.8 }]), 8)).toThrow(/including workers = 1/);
});
