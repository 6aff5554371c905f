// Running a small Python script from a notebook's helpers, for the comparisons with CPython
// (notebooks 03, 05 and 07). The script is written to a file, not passed with -c, because process
// pools that spawn (the default from Python 3.14) re-import the main module.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Debian's Python, the one with a GIL the course compares with. */
export const defaultPython = "/usr/bin/python3";

export interface PythonRun {
  /** Exit code, or null when the run was killed (e.g. at its time limit). */
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` with `python`, its arguments after it, and returns what it printed. A run longer
 * than timeoutMs is killed (SIGKILL) and reported as timed out rather than failing.
 */
export async function runPythonScript(python: string, script: string, args: readonly string[], timeoutMs: number): Promise<PythonRun> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "course-python-"));
  try {
    const scriptFile = path.join(folder, "script.py");
    fs.writeFileSync(scriptFile, script);
    return await new Promise<PythonRun>((resolve, reject) => {
      const child = execFile(python, [scriptFile, ...args], { timeout: timeoutMs, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
        if (error !== null && (error as NodeJS.ErrnoException).code === "ENOENT")
          reject(new Error(`${python} was not found; set the python option to a Python 3 interpreter.`));
        else resolve({ code: child.exitCode, timedOut: child.killed && child.signalCode === "SIGKILL", stdout, stderr });
      });
    });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The script's JSON output, or an error that shows what Python said instead. */
export function jsonFrom<T>(run: PythonRun, what: string): T {
  if (run.code !== 0)
    throw new Error(`Python failed ${what} (exit ${run.code}${run.timedOut ? ", timed out" : ""}): ${run.stderr.trim() || run.stdout.trim()}`);
  return JSON.parse(run.stdout) as T;
}
