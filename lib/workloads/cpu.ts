// A CPU-bound task whose size is calibrated to take about N ms on this machine.
import { median } from "../measure/stats";
import { defineTask } from "../runners/task";

/** Counts primes below `limit` by trial division: pure computation, no allocation, no I/O. */
export function countPrimes(limit: number): number {
  return countPrimesInRange(2, limit);
}

/** Counts the primes p with from <= p < to (from >= 2), so callers can do the work in slices. */
export function countPrimesInRange(from: number, to: number): number {
  let count = 0;
  for (let candidate = from; candidate < to; candidate += 1) {
    let prime = true;
    for (let divisor = 2; divisor * divisor <= candidate; divisor += 1) {
      if (candidate % divisor === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count += 1;
  }
  return count;
}

export const countPrimesTask = defineTask(__filename, countPrimes);

/**
 * The `limit` for which countPrimes(limit) takes about targetMs here, measured by
 * doubling until a run is long enough to time, then scaling (cost grows ~ limit^1.5).
 */
export function calibrateCountPrimes(targetMs: number): number {
  if (!(targetMs > 0)) throw new RangeError(`calibrateCountPrimes needs a target > 0 ms, got ${targetMs}.`);
  countPrimes(20_000); // warm up the JIT so the first timing is not an interpreter's
  let limit = 1_000;
  let elapsed = timeOf(limit);
  while (elapsed < Math.min(targetMs, 20) && limit < 1e9) {
    limit *= 2;
    elapsed = timeOf(limit);
  }
  const scaled = limit * Math.pow(targetMs / Math.max(elapsed, 0.01), 1 / 1.5);
  return Math.max(2, Math.round(scaled));
}

/**
 * Median time of one countPrimes(limit) on this thread, in ms: the work of one task, measured.
 * Each of the `runs` samples repeats the call until it lasts a few ms, so tiny tasks time precisely too.
 */
export function countPrimesMs(limit: number, runs = 5): number {
  if (!(Number.isInteger(runs) && runs >= 1)) throw new RangeError(`runs must be a whole number >= 1, got ${runs}.`);
  countPrimes(20_000); // warm up the JIT, as calibrateCountPrimes does
  let calls = 1;
  while (timeOf(limit, calls) < 5 && calls < 1_000_000) calls *= 2;
  return median(Array.from({ length: runs }, () => timeOf(limit, calls) / calls));
}

/** Keeps the timed results alive, so the compiler cannot drop a call whose result goes unused. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written and never read, on purpose: see above
let timedPrimes = 0;

function timeOf(limit: number, calls = 1): number {
  const started = performance.now();
  for (let call = 0; call < calls; call += 1) timedPrimes += countPrimes(limit);
  return performance.now() - started;
}
