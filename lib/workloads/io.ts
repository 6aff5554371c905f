// I/O-bound and mixed tasks against the local latency server. Exported as module
// tasks so every runner (async, threads, processes) runs the very same code.
import { defineTask } from "../runners/task";
import { countPrimes } from "./cpu";

/** Fetches url and returns the size of the body: the "download a page" task. */
export async function fetchPage(url: string): Promise<number> {
  const response = await fetch(url);
  const body = await response.arrayBuffer();
  return body.byteLength;
}

/** Fetches, then computes on the result: half waiting, half working. */
export async function fetchThenCompute(input: { url: string; primesBelow: number }): Promise<{ bytes: number; primes: number }> {
  const bytes = await fetchPage(input.url);
  return { bytes, primes: countPrimes(input.primesBelow) };
}

export const fetchPageTask = defineTask(__filename, fetchPage);
export const fetchThenComputeTask = defineTask(__filename, fetchThenCompute);
