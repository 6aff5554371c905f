// Runs on a small thread inside each ProcessRunner child (never in the parent). The child's
// main thread may be stuck in a task for minutes, so this thread does what it cannot:
// - leaves with the parent: a child whose parent died is re-parented, and is killed at once
//   (Linux's PR_SET_PDEATHSIG does this, but Node does not expose it);
// - enforces time limits: a job past its deadline (its own running time, from the progress
//   slot) is reported on the status pipe and the child is killed;
// - reports an input that has run for a while, so that if the child is then killed from
//   outside (kill -9) the parent still knows which input was running.
import { workerData } from "node:worker_threads";
import { claimNotice, nowMs, readProgress, sleepOnDeadline } from "../protocol/progress-slot";
import { writeStatus } from "../protocol/status-pipe";

export interface SidecarData {
  progress: SharedArrayBuffer;
  parentPid: number;
}

const parentCheckMs = 250;
/** An input running this long is reported; shorter ones come and go too fast to matter. */
const reportAfterMs = 20;

function watch({ progress, parentPid }: SidecarData): void {
  let seenSeq = -1;
  let seenSince = 0;
  let reportedSeq = -1;
  for (;;) {
    if (process.ppid !== parentPid) process.kill(process.pid, "SIGKILL");
    const now = nowMs();
    const snapshot = readProgress(progress);
    const deadline = snapshot.deadline;
    if (deadline !== undefined && now >= deadline.at) {
      writeStatus({ type: "timed-out", job: deadline.job, index: deadline.index });
      process.kill(process.pid, "SIGKILL");
    }
    let sleepMs = parentCheckMs;
    const running = snapshot.running;
    if (running !== undefined) {
      if (snapshot.seq !== seenSeq) {
        seenSeq = snapshot.seq;
        seenSince = now;
      } else if (now - seenSince >= reportAfterMs && reportedSeq !== seenSeq) {
        reportedSeq = seenSeq;
        if (claimNotice(progress, seenSeq)) writeStatus({ type: "running", job: running.job, index: running.index, seq: seenSeq });
      }
      sleepMs = reportAfterMs;
    }
    if (deadline !== undefined) sleepMs = Math.min(sleepMs, deadline.at - now);
    sleepOnDeadline(progress, sleepMs);
  }
}

watch(workerData as SidecarData);
