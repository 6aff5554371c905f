// The runner's initializer as workers receive it, pools and distributed workers alike:
// the task's spec and its input, checked for the channel it travels on.
import { prepareForSending, type Channel } from "./protocol/serializable";
import type { WorkerConfig } from "./protocol/messages";
import type { Initializer } from "./runner";
import { remoteSpecOf, type TaskLike } from "./task";

export function initializerConfigOf(initializer: Initializer | undefined, channel: Channel): WorkerConfig["initializer"] {
  if (initializer === undefined) return undefined;
  const [task, input] = "task" in initializer ? [initializer.task, initializer.input] : [initializer, undefined];
  return { spec: remoteSpecOf(task as TaskLike<unknown, unknown>), input: prepareForSending(input, channel, "initializer input").wire };
}
