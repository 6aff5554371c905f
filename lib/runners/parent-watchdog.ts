// Child side: a child busy in a long synchronous task cannot see its IPC channel
// close, so a tiny thread of its own watches for the parent's death (the child is
// re-parented, ppid changes) and kills the child. Linux has PR_SET_PDEATHSIG for
// this, but Node does not expose it.
import { Worker } from "node:worker_threads";

const checkEveryMs = 250;

export function exitWhenParentDies(): void {
  const watchdog = new Worker(
    `const parent = process.ppid;
     setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, "SIGKILL"); }, ${checkEveryMs});`,
    { eval: true },
  );
  // The watchdog never keeps the child alive by itself.
  watchdog.unref();
}
