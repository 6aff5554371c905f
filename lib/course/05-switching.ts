// Helpers of the notebook "Switching": what one plain call, one await and one generator step cost.
import { median } from "../measure/stats";

function plainStep(total: number, value: number): number {
  return total + value;
}

async function asyncStep(total: number, value: number): Promise<number> {
  return total + value;
}

function* runningTotal(): Generator<number, never, number> {
  let total = 0;
  for (;;) total += yield total;
}

const runs = 5;

function nanosecondsPer(calls: number, elapsedMs: number): number {
  return (elapsedMs * 1e6) / calls;
}

function checkCalls(calls: number): void {
  if (!(Number.isInteger(calls) && calls >= 1)) throw new RangeError(`calls must be a whole number >= 1, got ${calls}.`);
}

/** Nanoseconds per call of a small plain function in a loop (median of 5 runs after a warm-up). */
export function plainCallCost(calls: number): number {
  checkCalls(calls);
  const times: number[] = [];
  let sink = 0;
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) sink = plainStep(sink, i);
    if (run > 0) times.push(nanosecondsPer(calls, performance.now() - started));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the loop's result alive");
  return median(times);
}

/** Nanoseconds per `await` of the same function made async (each await suspends and resumes the caller). */
export async function awaitCost(calls: number): Promise<number> {
  checkCalls(calls);
  const times: number[] = [];
  let sink = 0;
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) sink = await asyncStep(sink, i);
    if (run > 0) times.push(nanosecondsPer(calls, performance.now() - started));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the loop's result alive");
  return median(times);
}

/** Nanoseconds per resumption of a generator (next(value)), the building block of Python's coroutines. */
export function generatorStepCost(calls: number): number {
  checkCalls(calls);
  const times: number[] = [];
  const generator = runningTotal();
  generator.next(0);
  let sink = 0;
  for (let run = 0; run <= runs; run += 1) {
    const started = performance.now();
    for (let i = 0; i < calls; i += 1) sink = generator.next(i).value;
    if (run > 0) times.push(nanosecondsPer(calls, performance.now() - started));
  }
  if (Number.isNaN(sink)) throw new Error("unreachable: keeps the loop's result alive");
  return median(times);
}
