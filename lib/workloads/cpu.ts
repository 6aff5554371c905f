import { median } from "../measure/stats";
import { defineTask } from "../runners/task";

/**
 * Counts primes below `limit` by trial division: the course's CPU-bound work, pure computation
 * with no allocation and no I/O. Its cost grows about as limit^1.5; `calibrateCountPrimes` picks a
 * limit for a chosen time.
 *
 * Python: the course's `count_primes(limit)`, the same loop in pure Python (which holds the GIL).
 *
 * @example
 * countPrimes(100); // 25
 */
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

/**
 * countPrimes as a task for any runner: workers load it from this module (see `defineTask`).
 *
 * Python: `pool.map(count_primes, limits)` with count_primes defined in an importable module.
 *
 * @example
 * const runner = createRunner("threads", { workers: 2 });
 * await runner.map(countPrimesTask, [100, 1_000]); // [25, 168]
 * await runner.close();
 */
export const countPrimesTask = defineTask(__filename, countPrimes);

/**
 * The `limit` for which countPrimes(limit) takes about targetMs on this thread, measured by
 * doubling until a run is long enough to time, then scaling (cost grows ~ limit^1.5), so that a
 * task's size reads as a time on any machine. Throws RangeError unless targetMs > 0.
 *
 * @example
 * const limit = calibrateCountPrimes(20); // countPrimes(limit) takes about 20 ms here
 * await runner.map(countPrimesTask, Array(8).fill(limit));
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
 * Each of the `runs` samples repeats the call until it lasts a few ms, so tiny tasks time precisely
 * too. Throws RangeError unless runs is a whole number >= 1.
 *
 * Python: `statistics.median(timeit.repeat(lambda: count_primes(limit), number=n, repeat=5)) / n`.
 *
 * @example
 * const taskMs = countPrimesMs(calibrateCountPrimes(1)); // about 1
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
