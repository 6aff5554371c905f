import { afterEach, expect, test } from "vitest";
import { AsyncRunner } from "../../../lib/runners/async-runner";
import { ProcessRunner } from "../../../lib/runners/process-runner";
import { calibrateCountPrimes, countPrimes, countPrimesInRange, countPrimesMs, countPrimesTask } from "../../../lib/workloads/cpu";
import { fetchPageTask, fetchThenComputeTask } from "../../../lib/workloads/io";
import { startLatencyServer, type LatencyServer } from "../../../lib/workloads/latency-server";
import { startLatencyServerProcess } from "../../../lib/workloads/latency-server-process";
import { makePayload, payloadShapes } from "../../../lib/workloads/payloads";
import { childPids } from "../../support/processes";

let server: LatencyServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
  expect(childPids()).toEqual([]);
});

test("countPrimes counts primes below its limit", () => {
  expect([2, 3, 10, 100, 1000].map(countPrimes)).toEqual([0, 1, 4, 25, 168]);
});

test("countPrimesInRange counts a slice, and slices add up to the whole", () => {
  expect(countPrimesInRange(10, 20)).toBe(4); // 11, 13, 17, 19
  expect(countPrimesInRange(2, 500) + countPrimesInRange(500, 1000)).toBe(countPrimes(1000));
});

test("countPrimesMs times the work of one task: fifty times the limit takes longer", () => {
  expect(countPrimesMs(200_000, 3)).toBeGreaterThan(countPrimesMs(4_000, 3));
  expect(countPrimesMs(1_000, 1)).toBeGreaterThan(0);
  expect(() => countPrimesMs(1_000, 0)).toThrow("runs must be a whole number >= 1, got 0.");
});

test("calibrateCountPrimes gives a larger limit for a longer target", () => {
  const short = calibrateCountPrimes(2);
  const long = calibrateCountPrimes(40);
  expect(short).toBeGreaterThan(100);
  expect(long).toBeGreaterThan(short);
  expect(() => calibrateCountPrimes(0)).toThrow("calibrateCountPrimes needs a target > 0 ms, got 0.");
});

test("the latency server answers on 127.0.0.1 with the asked size, for async and process runners alike", async () => {
  server = await startLatencyServer({ latencyMs: 20, bytes: 100 });
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  const async = new AsyncRunner({ workers: 10 });
  expect(
    await async.map(
      fetchPageTask,
      Array.from({ length: 10 }, () => server?.url ?? ""),
    ),
  ).toEqual(Array(10).fill(100));
  await async.close();
  const processes = new ProcessRunner({ workers: 1 });
  expect(await processes.submit(fetchThenComputeTask, { url: server.urlFor({ latencyMs: 1, bytes: 7 }), primesBelow: 100 })).toEqual({ bytes: 7, primes: 25 });
  await processes.close();
  expect(server.served).toBe(11);
});

test("two latency servers get different free ports", async () => {
  server = await startLatencyServer();
  const other = await startLatencyServer();
  expect(other.port).not.toBe(server.port);
  await other.stop();
});

test("payloads have about the asked size as JSON, in every shape", () => {
  for (const shape of payloadShapes) {
    const payload = makePayload(shape, 10_000);
    const size = payload instanceof Uint8Array ? payload.byteLength : JSON.stringify(payload).length;
    expect(size).toBeGreaterThan(7_000);
    expect(size).toBeLessThan(13_000);
  }
});

test("countPrimesTask runs the same in a worker", async () => {
  const processes = new ProcessRunner({ workers: 1 });
  expect(await processes.submit(countPrimesTask, 1000)).toBe(168);
  await processes.close();
});

test("the latency server in its own process answers like the in-process one and reports its own CPU time", async () => {
  const own = await startLatencyServerProcess({ latencyMs: 10, bytes: 50 });
  try {
    expect(own.pid).not.toBe(process.pid);
    expect(own.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const async = new AsyncRunner({ workers: 5 });
    expect(
      await async.map(
        fetchPageTask,
        Array.from({ length: 5 }, () => own.urlFor({ bytes: 9 })),
      ),
    ).toEqual(Array(5).fill(9));
    await async.close();
    const stats = await own.stats();
    expect(stats.served).toBe(5);
    expect(stats.cpuMs).toBeGreaterThan(0);
  } finally {
    await own.stop();
  }
  await expect(own.stats()).rejects.toThrow("the latency server process has stopped; start a new one with startLatencyServerProcess().");
  await own.stop(); // stopping twice is harmless
}, 30_000);
