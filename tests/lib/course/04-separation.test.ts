import { afterEach, expect, test } from "vitest";
import {
  askMainLoop,
  askMainLoopFromThreads,
  askMainLoopTask,
  channelVerdict,
  countColumns,
  encodeDecodeMs,
  encoders,
  expectedAndCounted,
  lostUpdates,
  raceVariants,
  sendIncrementsTask,
} from "../../../lib/course/04-separation";
import { setCourseLanguage } from "../../../lib/language";
import { table } from "../../../lib/plot";
import { ThreadRunner } from "../../../lib/runners/thread-runner";
import { exposeOnMainLoop } from "../../../lib/runners/main-loop/main-loop-handlers";
import { SharedQueue } from "../../../lib/sync/shared-queue";

afterEach(() => setCourseLanguage("en"));

test("askMainLoop, run in a worker thread, gets the main thread's answer and names the asking thread", async () => {
  const remove = exposeOnMainLoop("double", async (n: number) => 2 * n);
  const threads = new ThreadRunner({ workers: 1 });
  try {
    const reply = await threads.submit(askMainLoopTask, { name: "double", input: 21 });
    expect(reply.answer).toBe(42);
    expect(reply.askedFrom).toBeGreaterThan(0);
    expect(await askMainLoop({ name: "double", input: 2 })).toEqual({ askedFrom: 0, answer: 4 });
  } finally {
    remove();
    await threads.close();
  }
});

test("each encoder returns a copy equal to its input", () => {
  const value = { numbers: [1, 2.5], text: "é", nested: { ok: true } };
  for (const encode of Object.values(encoders)) {
    const copy = encode(value);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
  }
});

test("encodeDecodeMs reports a time for a run of the encoder", () => {
  let calls = 0;
  const ms = encodeDecodeMs(() => (calls += 1), null, 3);
  expect(ms).toBeGreaterThanOrEqual(0);
  expect(calls).toBe(4);
});

test("sendIncrements, run in a worker thread, puts one 1 on the queue per increment", async () => {
  const queue = new SharedQueue(8);
  const threads = new ThreadRunner({ workers: 1 });
  try {
    expect(await threads.submit(sendIncrementsTask, { queue: queue, times: 3, fuzzMs: 0 })).toBe(3);
    expect([queue.get(1000), queue.get(1000), queue.get(1000)]).toEqual([1, 1, 1]);
  } finally {
    await threads.close();
  }
});

test("askMainLoopFromThreads answers every input on the main thread, one row per answer", async () => {
  const remove = exposeOnMainLoop("square", async (n: number) => ({ n: n, square: n * n }));
  try {
    const rows = await askMainLoopFromThreads("square", [2, 3], 2);
    expect(rows.map(({ n, square }) => [n, square])).toEqual([
      [2, 4],
      [3, 9],
    ]);
    expect(rows.every((row) => (row.askedFrom as number) > 0)).toBe(true);
  } finally {
    remove();
  }
});

test("lostUpdates says how many increments vanished, in numbers and as a share", () => {
  expect(lostUpdates(2000, 613)).toBe("expected 2000, counted 613: 1387 updates lost (69 % of the increments)");
  expect(lostUpdates(400, 400)).toBe("expected 400, counted 400: 0 updates lost (0 % of the increments)");
});

test("channelVerdict calls small messages alike only when their round trips lie within 2×", () => {
  const record = (channel: string, bytes: number, roundTripMs: number) => ({ channel, bytes, roundTripMs });
  const alike = [
    record("thread", 1000, 0.1),
    record("process-json", 1000, 0.15),
    record("process-advanced", 1000, 0.12),
    record("thread", 4e6, 3),
    record("process-json", 4e6, 80),
    record("process-advanced", 4e6, 25),
  ];
  expect(channelVerdict(alike)).toBe(
    "At 1,000 bytes the round trips range from 0.10 ms (thread) to 0.15 ms (process-json), 1.5× apart: about the same on every channel, so the fixed price of a round trip dominates. " +
      "At 4,000,000 bytes: thread 3.0 ms, process-advanced 25.0 ms, process-json 80.0 ms.",
  );
  const apart = [record("thread", 1000, 0.05), record("process-json", 1000, 0.3)];
  expect(channelVerdict(apart)).toContain("6.0× apart: the channels already differ for small messages.");
});

test("in German, the counts, the counter names and columns, and the channel verdict are German, with German number notation", () => {
  setCourseLanguage("de");
  expect(expectedAndCounted(400, 400)).toBe("erwartet 400, gezählt 400");
  expect(lostUpdates(2000, 613)).toBe("erwartet 2000, gezählt 613: 1387 Aktualisierungen verloren (69 % der Erhöhungen)");
  expect(raceVariants().racy).toBe("ungeschütztes Lesen–Schreiben mit Fuzzing");
  expect(
    table([{ expected: 10, counted: 9, lost: 1 }], countColumns())
      .toText()
      .split("\n")[0],
  ).toBe("Erwartet  Gezählt  Verloren");
  const record = (channel: string, bytes: number, roundTripMs: number) => ({ channel, bytes, roundTripMs });
  expect(channelVerdict([record("thread", 1000, 0.1), record("process-json", 1000, 0.15), record("thread", 4e6, 3), record("process-json", 4e6, 80)])).toBe(
    "Bei 1.000 Bytes dauern die Roundtrips zwischen 0,10 ms (thread) und 0,15 ms (process-json), ein Unterschied um den Faktor 1,5: auf jedem Kanal etwa gleich lang, der feste Preis eines Roundtrips überwiegt also. " +
      "Bei 4.000.000 Bytes: thread 3,0 ms, process-json 80,0 ms.",
  );
});
