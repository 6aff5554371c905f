// The runner's presence in Redis: a key it refreshes while open and deletes on close. Workers
// on other machines have no IPC channel to their runner; they watch this key and leave once
// their runner is gone, so no worker outlives close() (or a crash of the caller) for long.
import type { Redis } from "ioredis";
import { withTimeout } from "../with-timeout";

/** Parent side: (re)writes the key, valid for three refresh intervals. */
export function announcePresence(control: Redis, key: string, intervalMs: number): Promise<unknown> {
  return control.set(key, String(process.pid), "PX", 3 * intervalMs);
}

/**
 * Worker side: calls `onGone` once the key, after being seen, stays missing for two intervals
 * (a Redis restart loses it only until the runner's next refresh). When Redis is the runner's
 * private server, an unreachable Redis counts as missing: it stops when the runner closes.
 * Resolves after the first check, so a runner that closes right after the worker started is noticed.
 */
export async function watchPresence(control: Redis, key: string, intervalMs: number, privateRedis: boolean, onGone: () => void): Promise<void> {
  let seen = false;
  let missingSince: number | undefined;
  let checking = false;
  const isPresent = async (): Promise<boolean> => {
    try {
      // The connection queues commands while Redis is away instead of failing them: bound the wait.
      return (await withTimeout(control.exists(key), intervalMs)) === 1;
    } catch (error) {
      if (privateRedis) return false;
      throw error; // a shared Redis may come back: ask again next time
    }
  };
  const check = async (): Promise<void> => {
    const present = await isPresent();
    if (present) {
      seen = true;
      missingSince = undefined;
    } else if (seen) {
      missingSince ??= Date.now();
      if (Date.now() - missingSince >= 2 * intervalMs) {
        clearInterval(timer);
        onGone();
      }
    }
  };
  const checkOnce = (): Promise<void> => {
    checking = true;
    return check()
      .catch(() => {})
      .finally(() => (checking = false));
  };
  const timer = setInterval(() => {
    if (!checking) void checkOnce();
  }, intervalMs);
  timer.unref();
  await checkOnce();
}
