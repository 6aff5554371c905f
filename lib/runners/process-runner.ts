// A pool of child processes (child_process.fork), like Python's multiprocessing.Pool:
// full isolation, messages serialized over IPC. Children exit when the parent goes away.
import { InvalidOptionError } from "./errors";
import { PoolRunner } from "./pool/pool-runner";
import { processSpawner } from "./pool/process-transport";
import type { ProcessRunnerOptions } from "./runner";

/**
 * A pool of child processes (child_process.fork): each a separate Node.js with its own memory,
 * so nothing is shared, and a leak or a crash stays in that process. Inputs
 * and results are serialized over IPC (JSON by default, see `serialization`); shared memory
 * cannot cross. Starting a process costs tens of milliseconds, so start the pool once and
 * reuse it. Children print to the notebook, and exit when their parent goes away.
 *
 * Python: `multiprocessing.Pool` / `concurrent.futures.ProcessPoolExecutor`.
 *
 * @example
 * const processes = new ProcessRunner({ workers: 4 }); // the same as createRunner("processes", { workers: 4 })
 * const counts = await processes.map(countPrimesTask, [100_000, 200_000, 300_000, 400_000]);
 * await processes.close();
 */
export class ProcessRunner extends PoolRunner {
  readonly kind = "processes";

  constructor(options: ProcessRunnerOptions = {}) {
    const serialization = options.serialization ?? "json";
    if (serialization !== "json" && serialization !== "advanced") throw new InvalidOptionError("serialization", serialization, '"json" or "advanced"');
    super(options, "processes", "process", serialization === "json" ? "process-json" : "process-advanced", (config) => processSpawner(config, serialization));
  }
}
