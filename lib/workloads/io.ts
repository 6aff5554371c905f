// I/O-bound and mixed tasks against the local latency server. Exported as module
// tasks so every runner (async, threads, processes) runs the very same code.
import { defineTask } from "../runners/task";
import { countPrimes } from "./cpu";

/**
 * Fetches url and returns the size of its body in bytes: the course's I/O-bound work, the
 * "download a page" task. Aim it at a latency server (`startLatencyServerProcess`) to know how
 * long each request waits.
 *
 * Python: `len(urllib.request.urlopen(url).read())`.
 *
 * @example
 * const server = await startLatencyServerProcess({ latencyMs: 50, bytes: 1000 });
 * await fetchPage(server.urlFor()); // 1000, after about 50 ms
 * await server.stop();
 */
export async function fetchPage(url: string): Promise<number> {
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  return body.byteLength;
}

/**
 * Fetches `url`, then counts the primes below `primesBelow`: a task that first waits, then
 * computes, so how it scales depends on the balance of the two.
 *
 * @example
 * await fetchThenCompute({ url: server.urlFor(), primesBelow: 100 }); // { bytes: 1024, primes: 25 } (1024: the server's default size)
 */
export async function fetchThenCompute(input: { url: string; primesBelow: number }): Promise<{ bytes: number; primes: number }> {
  const bytes = await fetchPage(input.url);
  return { bytes, primes: countPrimes(input.primesBelow) };
}

/**
 * fetchPage as a task for any runner: workers load it from this module (see `defineTask`).
 *
 * Python: `executor.map(download, urls)` on a ThreadPoolExecutor, the usual way to overlap downloads.
 *
 * @example
 * const runner = createRunner("async", { workers: 10 });
 * const sizes = await runner.map(fetchPageTask, Array.from({ length: 20 }, () => server.urlFor()));
 * await runner.close();
 */
export const fetchPageTask = defineTask(__filename, fetchPage);

/**
 * fetchThenCompute as a task for any runner: workers load it from this module (see `defineTask`).
 *
 * @example
 * const runner = createRunner("threads", { workers: 2 });
 * await runner.map(fetchThenComputeTask, [{ url: server.urlFor(), primesBelow: 50_000 }]);
 * await runner.close();
 */
export const fetchThenComputeTask = defineTask(__filename, fetchThenCompute);
