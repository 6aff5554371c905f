import { expect, test } from "vitest";
import { defaultPython, jsonFrom, runPythonScript } from "../../../lib/course/python";

test("runPythonScript runs a script file with arguments and returns what it printed", async () => {
  const run = await runPythonScript(defaultPython, "import sys, json\nprint(json.dumps({'args': sys.argv[1:]}))", ["a", "b"], 30_000);
  expect(run).toMatchObject({ code: 0, timedOut: false });
  expect(jsonFrom<{ args: string[] }>(run, "echoing")).toEqual({ args: ["a", "b"] });
});

test("a run past its time limit is killed and reported as timed out", async () => {
  const run = await runPythonScript(defaultPython, "import time\nprint('started', flush=True)\ntime.sleep(30)", [], 1_000);
  expect(run.timedOut).toBe(true);
  expect(run.stdout).toBe("started\n");
  expect(() => jsonFrom(run, "sleeping")).toThrow(/Python failed sleeping \(exit null, timed out\)/);
});

test("a missing interpreter is an error that says so", async () => {
  await expect(runPythonScript("/nonexistent/python3", "print(1)", [], 5_000)).rejects.toThrow("/nonexistent/python3 was not found");
});
