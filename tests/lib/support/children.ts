// Lists this test process's child processes, so each test can prove it left none behind.
import { execFileSync } from "node:child_process";

export function childPids(): number[] {
  let output: string;
  try {
    output = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when nothing matches
  }
  return output
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, command]) => pid !== undefined && pid !== "" && command !== "ps")
    .map(([pid]) => Number(pid));
}
