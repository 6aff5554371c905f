// The runner's presence in Redis: a key it refreshes while open and deletes on close. Workers
// on other machines have no IPC channel to their runner; they watch this key and leave once
// their runner is gone, so no worker outlives close() (or a crash of the caller) for long.
import type { Redis } from "ioredis";

/** Parent side: (re)writes the key, valid for three refresh intervals. */
export function announcePresence(control: Redis, key: string, intervalMs: number): Promise<unknown> {
  return control.set(key, String(process.pid), "PX", 3 * intervalMs);
}

/**
 * Worker side: calls `onGone` once the key, after being seen, stays missing for two intervals
 * (a Redis restart loses it only until the runner's next refresh).
 */
export function watchPresence(control: Redis, key: string, intervalMs: number, onGone: () => void): void {
  let seen = false;
  let missingSince: number | undefined;
  const check = async (): Promise<void> => {
    const present = (await control.exists(key)) === 1;
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
  const timer = setInterval(() => void check().catch(() => {}), intervalMs); // Redis away: ask again next time
  timer.unref();
}
