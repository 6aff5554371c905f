// How late the event loop runs timers while something happens: the cost, to
// everyone else on the main thread, of CPU work done there.
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface EventLoopLag {
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Runs `during` and reports the event-loop delay observed meanwhile. */
export async function measureEventLoopLag<T>(during: () => T | PromiseLike<T>, options: { resolutionMs?: number } = {}): Promise<{ result: T; lag: EventLoopLag }> {
  const histogram = monitorEventLoopDelay({ resolution: options.resolutionMs ?? 10 });
  histogram.enable();
  try {
    const result = await during();
    // One more turn so a block at the very end is sampled too.
    await new Promise((resolve) => setTimeout(resolve, (options.resolutionMs ?? 10) * 2));
    return { result, lag: lagOf(histogram) };
  } finally {
    histogram.disable();
  }
}

function lagOf(histogram: ReturnType<typeof monitorEventLoopDelay>): EventLoopLag {
  const ms = (nanoseconds: number): number => (Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : 0);
  return { meanMs: ms(histogram.mean), p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
}
