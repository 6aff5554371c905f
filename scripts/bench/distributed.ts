// Benchmark of the distributed runner against its baselines, all in one run on one private Redis:
//   node scripts/build.cjs && node build/scripts/bench/distributed.js [--jobs 2000] [--rounds 6] [--warmup-rounds 3]
// 1. burst throughput (no-op jobs, 2 worker processes) and per-call round trip: raw BullMQ
//    (a plain Queue + Worker processes, completions via QueueEvents), the distributed runner,
//    and the process runner (no Redis at all);
// 2. CPU-bound throughput of the distributed runner with 1 and 2 worker processes.
// Raw BullMQ and the runner take turns round by round. Prints medians and the ratios the course cares about (goals: runner >= 90 % of raw BullMQ; 1 -> 2 workers >= 1.6x).
import { fork } from "node:child_process";
import { performance } from "node:perf_hooks";
import { Queue, QueueEvents, Worker } from "bullmq";
import { createDistributedRunner, ProcessRunner, startRedisServer, type Runner } from "../../lib";
import { median } from "../../lib/internal";

const rawWorkerFlag = "--raw-bullmq-worker";

function argument(flag: string, fallback: number): number {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const jobs = argument("--jobs", 2000);
const rounds = argument("--rounds", 6);
const warmupRounds = argument("--warmup-rounds", 3);
const roundTrips = argument("--round-trips", 200);
const cpuJobs = argument("--cpu-jobs", 200);
/** Loop length of one CPU-bound job: a few milliseconds. */
const cpuWork = argument("--cpu-work", 3_000_000);

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

/** The raw BullMQ worker process: this same file, started with rawWorkerFlag. */
async function runRawWorker(url: string, queue: string): Promise<void> {
  const worker = new Worker(queue, async () => 1, { connection: { url, maxRetriesPerRequest: null }, concurrency: 1, drainDelay: 1 });
  worker.on("error", () => process.exit(1));
  await worker.waitUntilReady();
  process.send?.("ready");
  process.on("disconnect", () => void worker.close(true).then(() => process.exit(0)));
}

/** One side of the comparison: a burst of no-op jobs, one round trip, and the way out. */
interface Contender {
  burst: () => Promise<number>;
  roundTrip: (index: number) => Promise<number>;
  close: () => Promise<void>;
}

async function rawBullmq(url: string): Promise<Contender> {
  const name = `raw-${process.pid}`;
  const connection = { url };
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  await events.waitUntilReady();
  const workers = await Promise.all(
    [1, 2].map(
      () =>
        new Promise<ReturnType<typeof fork>>((resolve) => {
          const child = fork(__filename, [rawWorkerFlag, url, name], { execArgv: [] });
          child.once("message", () => resolve(child));
        }),
    ),
  );
  let onCompleted: ((jobId: string) => void) | undefined;
  events.on("completed", ({ jobId }) => onCompleted?.(jobId));
  return {
    burst: async () => {
      let completed = 0;
      const ms = await timed(async () => {
        const done = new Promise<void>((resolve) => (onCompleted = () => ++completed === jobs && resolve()));
        await queue.addBulk(Array.from({ length: jobs }, (_, index) => ({ name: "noop", data: index, opts: { removeOnComplete: true } })));
        await done;
      });
      return (jobs / ms) * 1000;
    },
    roundTrip: (index) => {
      const jobId = `trip-${index}`;
      return timed(async () => {
        const done = new Promise<void>((resolve) => (onCompleted = (id) => id === jobId && resolve()));
        await queue.add("noop", index, { jobId, removeOnComplete: true });
        await done;
      });
    },
    close: async () => {
      for (const child of workers) child.disconnect();
      await Promise.all(workers.map((child) => new Promise((resolve) => child.once("exit", resolve))));
      await queue.obliterate({ force: true });
      await Promise.all([events.close(), queue.close()]);
    },
  };
}

async function runnerContender(runner: Runner): Promise<Contender> {
  const noop = (input: number): number => input;
  await runner.submit(noop, 0); // workers started and the task loaded
  const inputs = Array.from({ length: jobs }, (_, index) => index);
  return {
    burst: async () => (jobs / (await timed(() => runner.map(noop, inputs, { chunksize: 1 })))) * 1000,
    roundTrip: (index) => timed(() => runner.submit(noop, index)),
    close: () => runner.close(),
  };
}

interface Figures {
  burst: number[];
  latency: number[];
}

/**
 * Rounds alternate between the contenders (and which goes first), so drift in the host's speed hits
 * both alike. The first `warmupRounds` are not recorded: both sides reach steady state (JIT) first.
 */
async function interleaved(contenders: Contender[]): Promise<Figures[]> {
  const figures = contenders.map((): Figures => ({ burst: [], latency: [] }));
  for (let round = 0; round < warmupRounds; round += 1) {
    for (const contender of contenders) await contender.burst();
  }
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? contenders.map((_, index) => index) : contenders.map((_, index) => contenders.length - 1 - index);
    for (const index of order) {
      const contender = contenders[index];
      const own = figures[index];
      own.burst.push(await contender.burst());
      for (let trip = 0; trip < roundTrips / rounds; trip += 1) own.latency.push(await contender.roundTrip(round * roundTrips + trip));
    }
  }
  return figures;
}

const spin = (loops: number): number => {
  let sum = 0;
  for (let index = 0; index < loops; index += 1) sum += Math.sqrt(index);
  return sum;
};

/** CPU-bound jobs/s; the process runner's figures show how much of the 2 cores the machine really gives. */
async function cpuThroughput(runner: Runner): Promise<number[]> {
  try {
    await runner.map(
      spin,
      Array.from({ length: runner.workers * 2 }, () => cpuWork),
      { chunksize: 1 },
    );
    const results: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const ms = await timed(() =>
        runner.map(
          spin,
          Array.from({ length: cpuJobs }, () => cpuWork),
          { chunksize: 1 },
        ),
      );
      results.push((cpuJobs / ms) * 1000);
    }
    return results;
  } finally {
    await runner.close();
  }
}

function row(label: string, figures: Figures): string {
  return `${label.padEnd(22)} ${median(figures.burst).toFixed(0).padStart(8)} jobs/s   ${median(figures.latency).toFixed(2).padStart(7)} ms per round trip`;
}

async function main(): Promise<void> {
  const server = await startRedisServer();
  try {
    console.log(
      `Redis ${server.url}; ${jobs} no-op jobs per burst, ${rounds} interleaved rounds after ${warmupRounds} untimed ones, ${roundTrips} round trips; medians.\n`,
    );
    const raw = await rawBullmq(server.url);
    const distributed = await runnerContender(createDistributedRunner({ workers: 2, redisUrl: server.url }));
    const [rawFigures, runnerFigures] = await interleaved([raw, distributed]).finally(async () => {
      await raw.close();
      await distributed.close();
    });
    const processes = await runnerContender(new ProcessRunner({ workers: 2 }));
    const [localFigures] = await interleaved([processes]).finally(() => processes.close());
    if (rawFigures === undefined || runnerFigures === undefined || localFigures === undefined) throw new Error("internal: a contender measured nothing");
    console.log(row("raw BullMQ (2 procs)", rawFigures));
    console.log(row("distributed runner", runnerFigures));
    console.log(row("process runner", localFigures));
    console.log(`\ndistributed / raw BullMQ burst: ${(median(runnerFigures.burst) / median(rawFigures.burst)).toFixed(2)}x (goal >= 0.90)`);
    console.log(`distributed / raw BullMQ round trip: ${(median(runnerFigures.latency) / median(rawFigures.latency)).toFixed(2)}x`);
    const one = await cpuThroughput(createDistributedRunner({ workers: 1, redisUrl: server.url }));
    const two = await cpuThroughput(createDistributedRunner({ workers: 2, redisUrl: server.url }));
    const oneLocal = await cpuThroughput(new ProcessRunner({ workers: 1 }));
    const twoLocal = await cpuThroughput(new ProcessRunner({ workers: 2 }));
    console.log(`\nCPU-bound (${cpuJobs} jobs of ${cpuWork} loops), jobs/s, 1 -> 2 workers:`);
    console.log(`distributed runner ${median(one).toFixed(0)} -> ${median(two).toFixed(0)}: ${(median(two) / median(one)).toFixed(2)}x (goal >= 1.6)`);
    console.log(
      `process runner     ${median(oneLocal).toFixed(0)} -> ${median(twoLocal).toFixed(0)}: ${(median(twoLocal) / median(oneLocal)).toFixed(2)}x (what this machine allows now)`,
    );
  } finally {
    await server.stop();
  }
}

if (process.argv[2] === rawWorkerFlag) {
  void runRawWorker(process.argv[3] ?? "", process.argv[4] ?? "");
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
