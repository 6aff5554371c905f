import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";
import { kernelMain, projectRoot } from "./client";

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
  spec.argv = spec.argv.map((arg) => (arg === "node" ? process.execPath : arg.replace("{main}", kernelMain)));
  fs.writeFileSync(path.join(target, "kernel.json"), JSON.stringify(spec));
}

test("the official jupyter_kernel_test suite passes with nothing skipped", async () => {
  (require(path.join(projectRoot, "scripts", "build.cjs")) as { buildStale(): string[] }).buildStale();
  installTemporaryKernelspec();
  const result = await promisify(execFile)("/usr/bin/python3", ["-m", "unittest", "-v", "test_typescript_kernel"], {
    cwd: path.join(__dirname, "conformance"),
    env: { ...process.env, JUPYTER_PATH: jupyterPath, TS_COURSE_KERNEL_NAME: kernelName, PYTHONDONTWRITEBYTECODE: "1" },
    timeout: 120_000,
  }).then(
    ({ stderr }) => stderr,
    (error: { stderr?: string; message: string }) => error.stderr ?? error.message,
  );
  const suite = ["kernel_info", "execute_stdout", "execute_stderr", "completion", "is_complete", "pager", "error", "execute_result", "display_data", "history", "inspect", "clear_output"];
  for (const name of suite) expect(result).toMatch(new RegExp(`test_${name} \\(.*\\) \\.\\.\\. ok`));
  expect(result).not.toMatch(/skipped|FAIL|ERROR/);
  expect(/Ran (\d+) tests?/.exec(result)?.[1]).toBe(String(suite.length));
  expect(result).toMatch(/\nOK\s*$/);
}, 180_000);
