import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { buildStale, projectRoot } from "../../lib/project/build.cjs";
import { kernelspecArgv } from "../../scripts/kernel-install.cjs";

const jupyterPath = fs.mkdtempSync(path.join(os.tmpdir(), "kernel-conformance-"));
const kernelName = "typescript-course-conformance";

afterAll(() => fs.rmSync(jupyterPath, { recursive: true, force: true }));

/** The kernelspec template rendered as kernel-install does, into a temporary JUPYTER_PATH. */
function installTemporaryKernelspec(): void {
  const template = path.join(projectRoot, "kernel", "kernelspec");
  const target = path.join(jupyterPath, "kernels", kernelName);
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(template)) fs.copyFileSync(path.join(template, file), path.join(target, file));
  const spec = JSON.parse(fs.readFileSync(path.join(template, "kernel.json"), "utf8")) as { argv: string[] };
  spec.argv = kernelspecArgv();
  fs.writeFileSync(path.join(target, "kernel.json"), JSON.stringify(spec));
}

/** Runs a Python script of conformance/ against the temporary kernelspec; resolves with its stdout and stderr. */
async function runPython(args: string[]): Promise<{ stdout: string; stderr: string }> {
  buildStale();
  installTemporaryKernelspec();
  return promisify(execFile)("/usr/bin/python3", args, {
    cwd: path.join(__dirname, "conformance"),
    env: { ...process.env, JUPYTER_PATH: jupyterPath, TS_COURSE_KERNEL_NAME: kernelName, PYTHONDONTWRITEBYTECODE: "1" },
    timeout: 120_000,
  }).then(
    ({ stdout, stderr }) => ({ stdout, stderr }),
    (error: { stdout?: string; stderr?: string; message: string }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? error.message }),
  );
}

test("the official jupyter_kernel_test suite passes with nothing skipped", async () => {
  const result = (await runPython(["-m", "unittest", "-v", "test_typescript_kernel"])).stderr;
  const suite = [
    "kernel_info",
    "execute_stdout",
    "execute_stderr",
    "completion",
    "is_complete",
    "pager",
    "error",
    "execute_result",
    "display_data",
    "history",
    "inspect",
    "clear_output",
  ];
  for (const name of suite) expect(result).toMatch(new RegExp(`test_${name} \\(.*\\) \\.\\.\\. ok`));
  expect(result).not.toMatch(/skipped|FAIL|ERROR/);
  expect(/Ran (\d+) tests?/.exec(result)?.[1]).toBe(String(suite.length));
  expect(result).toMatch(/\nOK\s*$/);
}, 180_000);

test("input() is answered by jupyter_client's KernelClient.input(), which sends only the value", async () => {
  const { stdout, stderr } = await runPython(["input_from_jupyter_client.py"]);
  expect(stdout, stderr).toBe("prompt: city? \nexecute_result: 'LYON'\n");
}, 120_000);
