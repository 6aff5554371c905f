// Atomics.wait with a deadline, shared by the thread primitives. Blocking is the point:
// these primitives stand in for Python's threading module inside worker threads.

/** Milliseconds left until `deadline` (Infinity stays Infinity), never negative. */
export function remainingMs(deadline: number): number {
  return deadline === Infinity ? Infinity : Math.max(0, deadline - performance.now());
}

export function deadlineAfter(timeoutMs: number): number {
  return timeoutMs === Infinity ? Infinity : performance.now() + timeoutMs;
}

/**
 * Sleeps the calling thread for `ms` milliseconds, blocking it completely (Atomics.wait): no
 * timer, promise or message runs there meanwhile. Meant for worker threads, to stand for
 * blocking I/O in a module task; on the main thread it freezes the notebook. A task shipped
 * by its source cannot use it (an outer variable): write
 * `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)` there instead. To pause
 * without blocking, `await new Promise((resolve) => setTimeout(resolve, ms))`.
 *
 * Python: `time.sleep(seconds)`; on the main thread this is like calling time.sleep inside
 * an asyncio coroutine, which stalls the whole event loop.
 *
 * @example
 * const started = performance.now();
 * sleepThread(50); // the whole notebook stands still: no timer, no output meanwhile
 * console.log(`${Math.round(performance.now() - started)} ms`); // 50 ms
 */
export function sleepThread(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
