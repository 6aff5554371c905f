// Runs a batch in the caller's own thread (inline and async runners). JavaScript
// cannot stop a running function, so a timeout or abort here rejects the task's
// promise and leaves the function to finish in the background.
import type { Batch, Outcome } from "../base-runner";
import { serializeError, TaskAbortedError, TaskCancelledError, TaskError, TaskTimeoutError } from "../errors";
import { callerFunctionOf, taskNameOf } from "../task";

export async function runInCaller(batch: Batch<undefined>): Promise<Outcome[]> {
  const fn = callerFunctionOf(batch.task) as (input: unknown) => unknown;
  const name = taskNameOf(batch.task);
  const outcomes: Outcome[] = [];
  let stopped = false;
  for (const input of batch.inputs) {
    if (stopped || batch.cancel?.aborted === true) {
      outcomes.push({ status: "rejected", reason: new TaskCancelledError(name, input) });
      continue;
    }
    if (batch.signal?.aborted === true) {
      outcomes.push({ status: "rejected", reason: new TaskAbortedError(name, input, batch.signal.reason) });
      continue;
    }
    const outcome = await runOne(fn, name, input, batch);
    outcomes.push(outcome);
    if (outcome.status === "rejected" && !batch.settle) stopped = true;
  }
  return outcomes;
}

async function runOne(fn: (input: unknown) => unknown, name: string, input: unknown, batch: Batch<undefined>): Promise<Outcome> {
  const cleanups: Array<() => void> = [];
  const limits = new Promise<never>((_, reject) => {
    if (batch.timeoutMs !== undefined) {
      const timer = setTimeout(() => reject(new TaskTimeoutError(name, input, batch.timeoutMs ?? 0, false)), batch.timeoutMs);
      cleanups.push(() => clearTimeout(timer));
    }
    const signal = batch.signal;
    if (signal !== undefined) {
      const onAbort = (): void => reject(new TaskAbortedError(name, input, signal.reason));
      signal.addEventListener("abort", onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener("abort", onAbort));
    }
  });
  try {
    const running = Promise.resolve().then(() => fn(input));
    const value = cleanups.length === 0 ? await running : await Promise.race([running, limits]);
    return { status: "fulfilled", value };
  } catch (error) {
    if (error instanceof TaskTimeoutError || error instanceof TaskAbortedError) return { status: "rejected", reason: error };
    const wrapped = new TaskError(name, input, serializeError(error));
    return { status: "rejected", reason: wrapped };
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}
