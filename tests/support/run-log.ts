// The log that the logging fixture tasks (tests/lib/fixtures/distributed-tasks.ts) append one line
// to per run, "<pid> <value>", so a test sees which worker process ran which input, and how often.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A new log in a folder of its own; the tasks create the file with their first run. */
export function newRunLog(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "run-log-")), "runs.log");
}

/** The runs logged so far, in order. */
export function runsIn(log: string): { pid: number; value: number }[] {
  if (!fs.existsSync(log)) return [];
  return fs
    .readFileSync(log, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [pid, value] = line.split(" ").map(Number);
      return { pid: pid ?? 0, value: value ?? 0 };
    });
}
