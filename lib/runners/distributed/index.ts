// Martelli's third band: the Runner interface on BullMQ + Redis, with worker processes
// here or on other machines. The worker entry is worker-main.ts (built to build/).
export { createDistributedRunner, DistributedRunner } from "./distributed-runner";
export type { DistributedRunnerOptions } from "./options";
export { JobLostError, RedisUnavailableError, WorkerStartError } from "./errors";
export { workerMainEntry } from "./local-workers";
