import { afterEach, describe, expect, test } from "vitest";
import { checkDelivery, createLockedList, shutdownVerdict, stopServiceWithSignal, toolingWords } from "../../../lib/course/06-tooling";
import { setCourseLanguage } from "../../../lib/language";
import { calibrateCountPrimes } from "../../../lib/workloads/cpu";

afterEach(() => setCourseLanguage("en"));

describe("checkDelivery", () => {
  test("items split over consumers, each taken once, are delivered exactly once", () => {
    const check = checkDelivery(
      [1, 2, 3, 4],
      [
        [1, 3],
        [2, 4],
      ],
    );
    expect(check).toEqual({ produced: 4, consumed: 4, duplicates: 0, missing: 0, unexpected: 0, perConsumer: "2 / 2", exactlyOnce: true });
  });

  test("an item taken by two consumers counts as a duplicate", () => {
    const check = checkDelivery(
      [1, 2, 3],
      [
        [1, 2],
        [2, 3],
      ],
    );
    expect(check.duplicates).toBe(1);
    expect(check.consumed).toBe(4);
    expect(check.exactlyOnce).toBe(false);
  });

  test("an item nobody took counts as missing, one nobody put as unexpected", () => {
    const check = checkDelivery([1, 2, 3], [[1], [2, 9]]);
    expect(check.missing).toBe(1);
    expect(check.unexpected).toBe(1);
    expect(check.exactlyOnce).toBe(false);
  });
});

describe("createLockedList", () => {
  test("starts empty, with room for the items after the two counters, in shared memory", () => {
    const list = createLockedList(5);
    expect(Array.from(list.cells)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(list.cells.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(list.mutex.withLock(() => "held")).toBe("held");
  });

  test("refuses a capacity that is not a whole number, saying so", () => {
    expect(() => createLockedList(-1)).toThrow("capacity must be a whole number >= 0, got -1.");
  });
});

describe("stopping a service with a signal", () => {
  test("with the handler the service drains its queue and exits with code 0; without it the signal ends it and queued work is lost", async () => {
    const primesBelow = calibrateCountPrimes(20);
    const graceful = await stopServiceWithSignal({ graceful: true, signal: "SIGTERM", afterItems: 4, itemMs: 20, primesBelow });
    expect(graceful).toMatchObject({ way: "handler: abort, drain, close", exit: "exited with code 0", lost: 0 });
    expect(graceful.processed).toBe(graceful.takenIn);
    const abrupt = await stopServiceWithSignal({ graceful: false, signal: "SIGINT", afterItems: 4, itemMs: 20, primesBelow });
    expect(abrupt).toMatchObject({ way: "no handler (the default action)", exit: "was ended by SIGINT" });
    expect(abrupt.lost).toBe(abrupt.takenIn - abrupt.processed);
  }, 60_000);

  test("shutdownVerdict describes both runs from their rows", () => {
    const row = (way: string, exit: string, lost: number) => ({
      way,
      signal: "SIGTERM" as const,
      takenIn: 12,
      processed: 12 - lost,
      unfinishedAtSignal: 7,
      lost,
      exit,
      msToExit: 240.4,
    });
    expect(
      shutdownVerdict([row("handler: abort, drain, close", "exited with code 0", 0), row("no handler (the default action)", "was ended by SIGTERM", 7)]),
    ).toBe(
      "With the handler, the service exited with code 0 240 ms after SIGTERM; 7 items were waiting or in progress then, and 0 of the 12 items it took in were never processed; " +
        "without it, the service was ended by SIGTERM 240 ms after SIGTERM; 7 items were waiting or in progress then, and 7 of the 12 items it took in were never processed.",
    );
    expect(() => shutdownVerdict([])).toThrow(/needs a graceful and an abrupt row/);
  });

  test("in German, the rows' words and the verdict are German", () => {
    setCourseLanguage("de");
    const words = toolingWords();
    const row = (way: string, exit: string, lost: number) => ({
      way,
      signal: "SIGTERM" as const,
      takenIn: 12,
      processed: 12 - lost,
      unfinishedAtSignal: 7,
      lost,
      exit,
      msToExit: 240.4,
    });
    expect(shutdownVerdict([row(words.graceful, words.exitCode(0), 0), row(words.abrupt, words.killedBy("SIGTERM"), 7)])).toBe(
      "Mit Handler endete der Dienst 240 ms nach SIGTERM (mit Exit-Code 0 beendet); zu diesem Zeitpunkt warteten 7 Elemente oder waren in Arbeit, und 0 der 12 angenommenen Elemente wurden nie verarbeitet; " +
        "ohne Handler endete der Dienst 240 ms nach SIGTERM (durch SIGTERM beendet); zu diesem Zeitpunkt warteten 7 Elemente oder waren in Arbeit, und 7 der 12 angenommenen Elemente wurden nie verarbeitet.",
    );
  });
});
