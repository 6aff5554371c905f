import { ProcessRunner } from "../runners/process-runner";
import type { Runner } from "../runners/runner";
import { ThreadRunner } from "../runners/thread-runner";
import { echoTask, makePayload, type PayloadShape } from "../workloads/payloads";
import type { ProgressCallback } from "./progress";
import { median } from "./stats";
import { measureWords } from "./words";

/**
 * How data reaches a worker: "thread" (structured clone to a worker thread), "process-json" and
 * "process-advanced" (a child process with `serialization: "json"` or `"advanced"`).
 */
export type SerializationChannel = "thread" | "process-json" | "process-advanced";

/** One measureSerializationCost result; plotCostVsPayload takes these as they are. */
export interface SerializationRecord {
  channel: SerializationChannel;
  shape: PayloadShape;
  bytes: number;
  /** Median time to send the payload and get it back. */
  roundTripMs: number;
  /** Payload bytes moved (both ways) per second. */
  megabytesPerSecond: number;
}

export interface SerializationCostOptions {
  sizes?: readonly number[];
  shapes?: readonly PayloadShape[];
  channels?: readonly SerializationChannel[];
  repetitions?: number;
  onProgress?: ProgressCallback;
}

function runnerFor(channel: SerializationChannel): Runner {
  if (channel === "thread") return new ThreadRunner({ workers: 1 });
  return new ProcessRunner({ workers: 1, serialization: channel === "process-json" ? "json" : "advanced" });
}

/** JSON cannot carry a Uint8Array; those combinations are skipped rather than measured wrong. */
function supports(channel: SerializationChannel, shape: PayloadShape): boolean {
  return !(channel === "process-json" && shape === "bytes");
}

/**
 * What it costs to send data to a worker thread or a child process: for each channel, shape and
 * size, the median round trip of an echo task over `repetitions` runs (default 5, after one
 * untimed). Defaults: sizes 1 kB to 1 MB, shape "numbers", all three channels. JSON cannot carry
 * bytes, so "process-json" with shape "bytes" is skipped.
 *
 * Python: timing `pool.apply(echo, (payload,))`, where the cost is pickling.
 *
 * @example
 * const costs = await measureSerializationCost({ sizes: [1_000, 100_000], shapes: ["numbers", "records"] });
 * plotCostVsPayload(costs);
 */
export async function measureSerializationCost(options: SerializationCostOptions = {}): Promise<SerializationRecord[]> {
  const sizes = options.sizes ?? [1_000, 10_000, 100_000, 1_000_000];
  const shapes = options.shapes ?? ["numbers"];
  const channels = options.channels ?? ["thread", "process-json", "process-advanced"];
  const repetitions = options.repetitions ?? 5;
  const records: SerializationRecord[] = [];
  const total = channels.length * shapes.length * sizes.length;
  let done = 0;
  for (const channel of channels) {
    const runner = runnerFor(channel);
    try {
      await runner.submit(echoTask, 0); // start the worker outside the timings
      for (const shape of shapes) {
        for (const bytes of sizes) {
          done += 1;
          if (!supports(channel, shape)) continue;
          const payload = makePayload(shape, bytes);
          const times: number[] = [];
          for (let run = 0; run <= repetitions; run += 1) {
            const started = performance.now();
            await runner.submit(echoTask, payload);
            if (run > 0) times.push(performance.now() - started);
          }
          const roundTripMs = median(times);
          records.push({ channel, shape, bytes, roundTripMs, megabytesPerSecond: (2 * bytes) / 1e6 / (roundTripMs / 1000) });
          options.onProgress?.({ label: measureWords().serializationCost, done, total });
        }
      }
    } finally {
      await runner.close();
    }
  }
  return records;
}
