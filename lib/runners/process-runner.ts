// A pool of child processes (child_process.fork), like Python's multiprocessing.Pool:
// full isolation, messages serialized over IPC. Children exit when the parent goes away.
import { InvalidOptionError } from "./errors";
import { PoolRunner } from "./pool/pool-runner";
import { processSpawner } from "./pool/process-transport";
import type { ProcessRunnerOptions } from "./runner";

export class ProcessRunner extends PoolRunner {
  readonly kind = "processes";

  constructor(options: ProcessRunnerOptions = {}) {
    const serialization = options.serialization ?? "json";
    if (serialization !== "json" && serialization !== "advanced") throw new InvalidOptionError("serialization", serialization, '"json" or "advanced"');
    super(options, "processes", "process", serialization === "json" ? "process-json" : "process-advanced", (config) => processSpawner(config, serialization));
  }
}
