// Helpers of the notebook "Tooling": the shared list of the lock-only producer/consumer version,
// and checking that a producer/consumer setup delivered every item exactly once, whatever the
// consumers were (threads, processes, async tasks).
import { Mutex } from "../sync/mutex";

/**
 * A list that threads share under one lock: `cells[0]` counts the items written, `cells[1]` the
 * items taken, and the items follow from `cells[2]`. Change it only while holding `mutex`.
 */
export interface LockedList {
  mutex: Mutex;
  cells: Int32Array;
}

/** An empty LockedList with room for `capacity` items, in shared memory so worker threads see the same list. */
export function createLockedList(capacity: number): LockedList {
  if (!(Number.isInteger(capacity) && capacity >= 0)) throw new RangeError(`capacity must be a whole number >= 0, got ${capacity}.`);
  return { mutex: new Mutex(), cells: new Int32Array(new SharedArrayBuffer(4 * (2 + capacity))) };
}

export interface DeliveryCheck {
  /** Items the producers put. */
  produced: number;
  /** Items the consumers took, counting repeats. */
  consumed: number;
  /** Items taken more than once. */
  duplicates: number;
  /** Items produced but never taken. */
  missing: number;
  /** Items taken that no producer put. */
  unexpected: number;
  /** How many items each consumer took, e.g. "351 / 649". */
  perConsumer: string;
  exactlyOnce: boolean;
}

/** Compares what the consumers received (one array per consumer) with what was produced. */
export function checkDelivery(produced: Iterable<number>, receivedPerConsumer: readonly (readonly number[])[]): DeliveryCheck {
  const expected = new Set(produced);
  const timesTaken = new Map<number, number>();
  for (const item of receivedPerConsumer.flat()) timesTaken.set(item, (timesTaken.get(item) ?? 0) + 1);
  let duplicates = 0;
  let unexpected = 0;
  for (const [item, times] of timesTaken) {
    if (times > 1) duplicates += times - 1;
    if (!expected.has(item)) unexpected += times;
  }
  const missing = [...expected].filter((item) => !timesTaken.has(item)).length;
  return {
    produced: expected.size,
    consumed: receivedPerConsumer.reduce((sum, items) => sum + items.length, 0),
    duplicates,
    missing,
    unexpected,
    perConsumer: receivedPerConsumer.map((items) => items.length).join(" / "),
    exactlyOnce: duplicates === 0 && missing === 0 && unexpected === 0,
  };
}
