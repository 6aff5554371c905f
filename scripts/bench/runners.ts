// Runner benchmark, all in one run, medians and ratios against baselines measured
// in the same run: trivial-task burst throughput and sequential per-call latency
// (pool of 2) for ThreadRunner, ProcessRunner, piscina and a raw postMessage pool;
// Python's multiprocessing.Pool(2) and ThreadPoolExecutor(2) on the same task; and
// CPU-bound speed-up at 1, 2, 4 workers against the machine's ceiling probe.
// Rounds interleave the contenders; medians of the rounds are printed.
// Run: node scripts/build.cjs && node build/scripts/bench/runners.js
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { Piscina } from "piscina";
import { calibrateCountPrimes, countPrimesTask, probeCeiling, ProcessRunner, ThreadRunner, type Runner } from "../../lib";
import { median } from "../../lib/internal";

const burstTasks = 20_000;
const latencyCalls = 2_000;
const repetitions = 5;

interface Figures {
  name: string;
  burstPerSecond: number;
  latencyMicros: number;
}

/** Adds one to its input: the trivial task everyone runs. */
const addOne = (n: number): number => n + 1;

interface Contender {
  name: string;
  call: (n: number) => Promise<unknown>;
  stop: () => Promise<void>;
}

async function burstOf(call: (n: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  const futures: Promise<unknown>[] = [];
  for (let n = 0; n < burstTasks; n += 1) futures.push(call(n));
  await Promise.all(futures);
  return burstTasks / ((performance.now() - started) / 1000);
}

async function latencyOf(call: (n: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let n = 0; n < latencyCalls; n += 1) await call(n);
  return ((performance.now() - started) / latencyCalls) * 1000;
}

/** Rounds interleave the contenders, so a change in machine load hits all of them alike. */
async function compare(contenders: Contender[]): Promise<Figures[]> {
  const bursts = contenders.map((): number[] => []);
  const latencies = contenders.map((): number[] => []);
  for (let round = 0; round <= repetitions; round += 1) {
    for (const [index, contender] of contenders.entries()) {
      const burst = await burstOf(contender.call);
      const latency = await latencyOf(contender.call);
      if (round === 0) continue; // warm-up: worker start-up, JIT
      bursts[index]?.push(burst);
      latencies[index]?.push(latency);
    }
  }
  return contenders.map((contender, index) => ({
    name: contender.name,
    burstPerSecond: median(bursts[index] ?? []),
    latencyMicros: median(latencies[index] ?? []),
  }));
}

function runnerContender(name: string, runner: Runner): Contender {
  return { name, call: (n) => runner.submit(addOne, n), stop: () => runner.close() };
}

function piscinaContender(): Contender {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "bench-piscina-"));
  const file = path.join(folder, "add-one.js");
  fs.writeFileSync(file, "module.exports = (n) => n + 1;\n");
  const pool = new Piscina({ filename: file, minThreads: 2, maxThreads: 2 });
  return {
    name: "piscina 5 (2 threads)",
    call: (n) => pool.run(n) as Promise<unknown>,
    stop: async () => {
      await pool.destroy();
      fs.rmSync(folder, { recursive: true });
    },
  };
}

/** The floor: two threads, one postMessage per task, every task sent ahead, nothing else. */
function rawPostMessageContender(): Contender {
  const code = `const { parentPort } = require("node:worker_threads");
    parentPort.on("message", ([id, n]) => parentPort.postMessage([id, n + 1]));`;
  const workers = [new Worker(code, { eval: true }), new Worker(code, { eval: true })];
  const pending = new Map<number, (value: unknown) => void>();
  for (const worker of workers) {
    worker.on("message", ([id, value]: [number, unknown]) => {
      pending.get(id)?.(value);
      pending.delete(id);
    });
  }
  let nextId = 0;
  return {
    name: "raw postMessage (2 threads)",
    call: (n) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        workers[id % 2]?.postMessage([id, n]);
      }),
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

const pythonScript = `
import json, time, statistics
from multiprocessing import Pool
from concurrent.futures import ThreadPoolExecutor, wait
def add_one(n):
    return n + 1
N, CALLS, REPS = ${burstTasks}, ${latencyCalls}, ${repetitions}
def figures(burst, call):
    bursts, latencies = [], []
    for run in range(REPS + 1):
        t = time.perf_counter(); burst(); b = N / (time.perf_counter() - t)
        t = time.perf_counter()
        for n in range(CALLS): call(n)
        l = (time.perf_counter() - t) / CALLS * 1e6
        if run: bursts.append(b); latencies.append(l)
    return {"burstPerSecond": statistics.median(bursts), "latencyMicros": statistics.median(latencies)}
if __name__ == "__main__":
    out = {}
    with Pool(2) as pool:
        out["pool"] = figures(lambda: pool.map(add_one, range(N), chunksize=1), lambda n: pool.apply(add_one, (n,)))
    with ThreadPoolExecutor(2) as executor:
        out["threads"] = figures(lambda: wait([executor.submit(add_one, n) for n in range(N)]), lambda n: executor.submit(add_one, n).result())
    print(json.dumps(out))
`;

function measurePython(): Figures[] {
  const output = execFileSync("/usr/bin/python3", ["-c", pythonScript], { encoding: "utf8", maxBuffer: 1 << 20 });
  const parsed = JSON.parse(output) as Record<"pool" | "threads", { burstPerSecond: number; latencyMicros: number }>;
  return [
    { name: "Python Pool(2).map(chunksize=1)", ...parsed.pool },
    { name: "Python ThreadPoolExecutor(2)", ...parsed.threads },
  ];
}

async function cpuSpeedups(): Promise<void> {
  const limit = calibrateCountPrimes(20);
  const inputs = Array<number>(24).fill(limit);
  const ceiling = await probeCeiling({ processes: [1, 2, 4], durationMs: 1000 });
  console.log(`\nCPU-bound: 24 tasks of countPrimes(${limit}) (~20 ms each), chunksize 1, median of 3`);
  console.log(`ceiling probe (independent spinning processes): ${ceiling.map((c) => `${c.processes}: ${c.speedup.toFixed(2)}x`).join("  ")}`);
  for (const [name, make] of [
    ["ThreadRunner", (workers: number): Runner => new ThreadRunner({ workers })],
    ["ProcessRunner", (workers: number): Runner => new ProcessRunner({ workers })],
  ] as const) {
    const seconds = new Map<number, number>();
    for (const workers of [1, 2, 4]) {
      const runner = make(workers);
      const times: number[] = [];
      try {
        await runner.map(countPrimesTask, inputs.slice(0, workers * 2), { chunksize: 1 }); // start workers, JIT
        for (let run = 0; run < 3; run += 1) {
          const started = performance.now();
          await runner.map(countPrimesTask, inputs, { chunksize: 1 });
          times.push((performance.now() - started) / 1000);
        }
      } finally {
        await runner.close();
      }
      seconds.set(workers, median(times));
    }
    const one = seconds.get(1) ?? NaN;
    const cells = [1, 2, 4].map((workers) => {
      const speedup = one / (seconds.get(workers) ?? NaN);
      const limitOf = ceiling.find((c) => c.processes === workers)?.speedup ?? NaN;
      return `${workers}: ${speedup.toFixed(2)}x (${((speedup / limitOf) * 100).toFixed(0)}% of ceiling)`;
    });
    console.log(`${name.padEnd(14)} ${cells.join("  ")}`);
  }
}

async function main(): Promise<void> {
  console.log(`Trivial task (n => n + 1), pool of 2: burst of ${burstTasks} submits, then ${latencyCalls} sequential awaited calls; median of ${repetitions}`);
  const contenders = [
    rawPostMessageContender(),
    piscinaContender(),
    runnerContender("ThreadRunner (2)", new ThreadRunner({ workers: 2 })),
    runnerContender("ProcessRunner (2, json)", new ProcessRunner({ workers: 2 })),
    runnerContender("ProcessRunner (2, advanced)", new ProcessRunner({ workers: 2, serialization: "advanced" })),
  ];
  let figures: Figures[];
  try {
    figures = await compare(contenders);
  } finally {
    await Promise.all(contenders.map((contender) => contender.stop()));
  }
  figures.push(...measurePython());
  const piscina = figures[1];
  const pythonPool = figures.find((f) => f.name.startsWith("Python Pool")) as Figures;
  console.log(`${"".padEnd(34)} ${"burst tasks/s".padStart(14)} ${"vs piscina".padStart(10)} ${"µs per call".padStart(12)} ${"vs piscina".padStart(10)}`);
  for (const f of figures) {
    console.log(
      `${f.name.padEnd(34)} ${f.burstPerSecond.toFixed(0).padStart(14)} ${(f.burstPerSecond / piscina.burstPerSecond).toFixed(2).padStart(9)}x ${f.latencyMicros.toFixed(1).padStart(12)} ${(f.latencyMicros / piscina.latencyMicros).toFixed(2).padStart(9)}x`,
    );
  }
  const thread = figures.find((f) => f.name.startsWith("ThreadRunner")) as Figures;
  const processJson = figures.find((f) => f.name.startsWith("ProcessRunner (2, json")) as Figures;
  const raw = figures[0];
  const verdict = (ok: boolean): string => (ok ? "met" : "NOT met");
  const burstVsRaw = thread.burstPerSecond / raw.burstPerSecond;
  const latencyVsRaw = thread.latencyMicros / raw.latencyMicros;
  console.log("\nGoals (ratios from this run):");
  console.log(`  ThreadRunner burst >= 90% of raw postMessage: ${(burstVsRaw * 100).toFixed(0)}% (${verdict(burstVsRaw >= 0.9)})`);
  console.log(`  ThreadRunner per-call latency within 10% of raw postMessage: ${latencyVsRaw.toFixed(2)}x (${verdict(latencyVsRaw <= 1.1)})`);
  console.log(
    `  ThreadRunner burst >= 2x piscina: ${(thread.burstPerSecond / piscina.burstPerSecond).toFixed(2)}x (${verdict(thread.burstPerSecond >= 2 * piscina.burstPerSecond)})`,
  );
  console.log(
    `  ProcessRunner (json) burst >= Python Pool(2).map(chunksize=1): ${(processJson.burstPerSecond / pythonPool.burstPerSecond).toFixed(2)}x ` +
      `(${verdict(processJson.burstPerSecond >= pythonPool.burstPerSecond)}); vs raw postMessage between threads: ${((processJson.burstPerSecond / raw.burstPerSecond) * 100).toFixed(0)}%`,
  );
  await cpuSpeedups();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
