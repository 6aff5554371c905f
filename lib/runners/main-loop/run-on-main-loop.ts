// Worker side of the main-loop bridge: hand a job to the main thread's event loop
// and await its answer. On the main thread itself it simply calls the handler.
import { workerChannel } from "../worker/worker-channel";
import { callMainLoopHandler } from "./main-loop-handlers";

export function runOnMainLoop<O = unknown>(name: string, input?: unknown): Promise<O> {
  const channel = workerChannel();
  const answer = channel === undefined ? callMainLoopHandler(name, input) : channel.callMainLoop(name, input);
  return answer as Promise<O>;
}
