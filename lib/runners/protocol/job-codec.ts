// The flat layout of jobs and results (see protocol.ts), written and read in one place.
//   job:    id, specId, flags, limitMs, count, then `count` inputs
//   result: id, ms, count, then `count` pairs of (1, value) or (0, SerializedError)
// limitMs is the job's whole time limit once it starts running (0: none); ms is the time
// the worker spent, so the pool can size its pipeline.

const jobHeader = 5;
const resultHeader = 3;

/** Appends inputs from..to-1 of `wire` as one job (fields as arguments: no object per job on the hot path). */
export function appendJob(
  flat: unknown[],
  id: number,
  specId: number,
  flags: number,
  limitMs: number,
  wire: readonly unknown[],
  from: number,
  to: number,
): void {
  flat.push(id, specId, flags, limitMs, to - from);
  for (let index = from; index < to; index += 1) flat.push(wire[index]);
}

/** Calls visit for every job (the header's fields as arguments); `inputs` is a fresh array the visitor may keep. */
export function forEachJob(flat: readonly unknown[], visit: (id: number, specId: number, flags: number, limitMs: number, inputs: unknown[]) => void): void {
  for (let at = 0; at < flat.length;) {
    const count = flat[at + 4] as number;
    const start = at + jobHeader;
    visit(flat[at] as number, flat[at + 1] as number, flat[at + 2] as number, flat[at + 3] as number, flat.slice(start, start + count));
    at = start + count;
  }
}

/** The ids of the jobs in a flat job list. */
export function jobIdsOf(flat: readonly unknown[]): number[] {
  const ids: number[] = [];
  for (let at = 0; at < flat.length; at += jobHeader + (flat[at + 4] as number)) ids.push(flat[at] as number);
  return ids;
}

/** outcomePairs: (1, value) or (0, error), one pair per finished input. */
export function appendResult(flat: unknown[], id: number, ms: number, outcomePairs: readonly unknown[]): void {
  flat.push(id, ms, outcomePairs.length / 2);
  for (const item of outcomePairs) flat.push(item);
}

/**
 * Calls visit for every result with the index of its first pair in `flat`, so the
 * reader takes values without copying: pair i is flat[start + 2i] (1 or 0), flat[start + 2i + 1].
 */
export function forEachResult(flat: readonly unknown[], visit: (id: number, ms: number, count: number, start: number) => void): void {
  for (let at = 0; at < flat.length;) {
    const count = flat[at + 2] as number;
    const start = at + resultHeader;
    visit(flat[at] as number, flat[at + 1] as number, count, start);
    at = start + 2 * count;
  }
}

/** Splits a flat result list into one list per result, for sending them one at a time. */
export function splitResults(flat: readonly unknown[]): unknown[][] {
  const parts: unknown[][] = [];
  forEachResult(flat, (_id, _ms, count, start) => parts.push(flat.slice(start - resultHeader, start + 2 * count)));
  return parts;
}
