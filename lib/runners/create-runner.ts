// createRunner("threads", { workers: 2 }): one word picks the model of concurrency.
import { AsyncRunner } from "./async-runner";
import type { DistributedRunner, DistributedRunnerOptions } from "./distributed";
import { InvalidOptionError } from "./errors";
import { InlineRunner } from "./inline-runner";
import { ProcessRunner } from "./process-runner";
import type { ProcessRunnerOptions, Runner, RunnerKind } from "./runner";
import { ThreadRunner } from "./thread-runner";

export type LocalRunnerKind = Exclude<RunnerKind, "distributed">;
export const runnerKinds: readonly LocalRunnerKind[] = ["inline", "async", "threads", "processes"];

/** Options of every kind together; each runner reads the ones that apply to it. */
export type AnyRunnerOptions = ProcessRunnerOptions & DistributedRunnerOptions;

/**
 * The distributed runner is loaded on first use: BullMQ and ioredis add ~0.2 s to every import
 * of lib, and only the distributed-processing notebook needs them.
 */
export function createDistributedRunner(options: DistributedRunnerOptions = {}): DistributedRunner {
  const distributed = require("./distributed") as typeof import("./distributed");
  return distributed.createDistributedRunner(options);
}

export function createRunner(kind: RunnerKind, options: AnyRunnerOptions = {}): Runner {
  switch (kind) {
    case "inline":
      return new InlineRunner(options);
    case "async":
      return new AsyncRunner(options);
    case "threads":
      return new ThreadRunner(options);
    case "processes":
      return new ProcessRunner(options);
    case "distributed":
      return createDistributedRunner(options);
    default:
      throw new InvalidOptionError("kind", kind, [...runnerKinds, "distributed"].map((name) => `"${name}"`).join(", "));
  }
}
