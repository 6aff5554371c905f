// Atomics.wait with a deadline, shared by the thread primitives. Blocking is the point:
// these primitives stand in for Python's threading module inside worker threads.

/** Milliseconds left until `deadline` (Infinity stays Infinity), never negative. */
export function remainingMs(deadline: number): number {
  return deadline === Infinity ? Infinity : Math.max(0, deadline - performance.now());
}

export function deadlineAfter(timeoutMs: number): number {
  return timeoutMs === Infinity ? Infinity : performance.now() + timeoutMs;
}

/** Sleeps the calling thread (a worker, or the main thread, blocking its event loop). */
export function sleepThread(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
