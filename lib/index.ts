// The public API: what notebooks import (`import { ... } from "../lib"`), and what hover and the
// kernel's inspect document. What only the project's own scripts and tests need is in ./internal.

// The language of what lib prints: the English and German editions differ only in this setting.
export { courseLanguage, fixed, localized, setCourseLanguage } from "./language";
export type { Bilingual, CourseLanguage, CourseText } from "./language";

// Runners: one interface for inline, async, threads, processes and distributed (BullMQ on Redis).
export { createDistributedRunner, createRunner, runnerKinds } from "./runners/create-runner";
export type { LocalRunnerKind } from "./runners/create-runner";
export type { DistributedRunner, DistributedRunnerOptions } from "./runners/distributed";
export { JobFailedError, JobLostError, RedisUnavailableError, WorkerStartError } from "./runners/distributed/errors";
export { RedisServerMissingError, RedisServerStartError, startRedisServer } from "./redis";
export type { RedisServer, RedisServerOptions } from "./redis";
export { InlineRunner } from "./runners/inline-runner";
export { AsyncRunner } from "./runners/async-runner";
export { ThreadRunner } from "./runners/thread-runner";
export { ProcessRunner } from "./runners/process-runner";
export { asCompleted } from "./runners/as-completed";
export { defineTask } from "./runners/task";
export type { ModuleTask, TaskFunction, TaskLike } from "./runners/task";
export type { Initializer, MapOptions, ProcessRunnerOptions, Runner, RunnerKind, RunnerOptions, SubmitOptions } from "./runners/runner";
export {
  InitializerError,
  InvalidOptionError,
  NotSerializableError,
  OuterVariableError,
  RunnerClosedError,
  RunnerError,
  TaskAbortedError,
  TaskCancelledError,
  TaskDefinitionError,
  TaskError,
  TaskTimeoutError,
  TransferredInputLostError,
  WorkerExitedError,
} from "./runners/errors";

// Thread primitives (SharedArrayBuffer + Atomics) and the simulated GIL.
export { Mutex } from "./sync/mutex";
export { Semaphore } from "./sync/semaphore";
export { SharedEvent } from "./sync/shared-event";
export { SharedCounter } from "./sync/shared-counter";
export { SharedQueue } from "./sync/shared-queue";
export { SimulatedGIL } from "./sync/simulated-gil";
export { sleepThread } from "./sync/blocking-wait";

// Async primitives and the worker → main-loop bridge.
export { AsyncLock } from "./sync/async-lock";
export { AsyncSemaphore } from "./sync/async-semaphore";
export { AsyncQueue, QueueEmptyError, QueueFullError } from "./sync/async-queue";
export { TaskGroup, withTaskGroup } from "./sync/task-group";
export { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, gather, wait } from "./sync/gather";
export type { ReturnWhen } from "./sync/gather";
export { exposeOnMainLoop } from "./runners/main-loop/main-loop-handlers";
export { runOnMainLoop } from "./runners/main-loop/run-on-main-loop";

// Workloads.
export { calibrateCountPrimes, countPrimes, countPrimesMs, countPrimesTask } from "./workloads/cpu";
export { startLatencyServer } from "./workloads/latency-server";
export { startLatencyServerProcess } from "./workloads/latency-server-process";
export type { LatencyServerProcess } from "./workloads/latency-server-process";
export type { LatencyServer, LatencyServerOptions } from "./workloads/latency-server";
export { fetchPage, fetchPageTask, fetchThenCompute, fetchThenComputeTask } from "./workloads/io";
export { echo, echoTask, makePayload, payloadShapes, sizeOf, sizeOfTask } from "./workloads/payloads";
export type { PayloadShape } from "./workloads/payloads";

// Measurement.
export { measureSubjects, measureThroughput } from "./measure/throughput";
export type { RoundOptions, RunnerFactory, ThroughputOptions, ThroughputRecord, ThroughputSubject, Workload } from "./measure/throughput";
export { probeCeiling } from "./measure/ceiling";
export type { CeilingRecord } from "./measure/ceiling";
export { amdahlSpeedup, fitAmdahl, wholeTaskSpeedup } from "./measure/amdahl";
export type { AmdahlFit, AmdahlOptions, SpeedupPoint } from "./measure/amdahl";
export { measureEventLoopLag } from "./measure/event-loop-lag";
export type { EventLoopLag } from "./measure/event-loop-lag";
export { measureSerializationCost } from "./measure/serialization-cost";
export type { SerializationChannel, SerializationRecord } from "./measure/serialization-cost";
export { createProgressReporter } from "./measure/progress";
export type { Progress, ProgressCallback } from "./measure/progress";
export { recordTimerLateness } from "./measure/timer-lateness";
export type { TimerLatenessOptions, TimerLatenessSample } from "./measure/timer-lateness";

// Plots and tables: what every measurement is shown as.
export { figure, plotCostVsPayload, plotLatencyOverTime, plotSpeedupVsWorkers, plotThroughputVsWorkers, PlotInputError, setupPlotting } from "./plot";
export type { AxisInput, CostChartOptions, Figure, LatencyChartOptions, LayoutInput, ScalingChartOptions, TitleInput, Trace, TraceInput } from "./plot";
export { formatSerialFraction, table } from "./plot";
export type { Table, TableColumn, TableColumnInput } from "./plot";
export type { AmdahlCurve, CeilingPoint, CostPoint, LatencySample, ThroughputPoint } from "./plot";
