import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { projectRoot } from "../../lib/project/build.cjs";

const setupScript = path.join(projectRoot, "scripts/setup.cjs");
// A PATH with node alone: no apt-get, no sudo, no conda.
const nodeOnlyBin = fs.mkdtempSync(path.join(os.tmpdir(), "node-only-"));
fs.symlinkSync(process.execPath, path.join(nodeOnlyBin, "node"));

afterAll(() => fs.rmSync(nodeOnlyBin, { recursive: true, force: true }));

function environmentWithout(...names: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: nodeOnlyBin };
  for (const name of names) delete env[name];
  return env;
}

test("a second setup with nothing missing installs and compiles nothing", () => {
  const result = spawnSync(process.execPath, [setupScript, "--test"], { cwd: projectRoot, encoding: "utf8" });
  expect(result.status).toBe(0);
  expect(result.stdout).toBe("");
});

/** Runs setup as root in a private mount namespace that hides Debian's Python, as on a machine that never had it. */
function setupWithoutSystemPython(env: NodeJS.ProcessEnv) {
  const hideSystemPython = `/bin/mount --bind /dev/null /usr/bin/python3 && exec "${process.execPath}" "${setupScript}"`;
  return spawnSync("/usr/bin/unshare", ["-rm", "/bin/sh", "-c", hideSystemPython], { cwd: projectRoot, encoding: "utf8", env });
}

test("without Jupyter and without apt, setup explains the conda route instead of failing with a stack trace", () => {
  const result = setupWithoutSystemPython(environmentWithout("CONDA_PREFIX", "VIRTUAL_ENV", "JUPYTER_PYTHON"));
  expect(result.stderr).toContain("Jupyter was not found and cannot be installed here: there is no apt-get usable as root or via sudo.");
  expect(result.stderr).toContain("conda env create -f environment.yml");
  expect(result.stderr).toContain("conda activate ts-concurrency-course");
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.status).toBe(1);
});

test("when apt-get is there but fails, setup waits for apt's lock, then says apt failed rather than that there is no apt", () => {
  // An apt-get that records its arguments and fails as apt does when another install holds the lock.
  const fakeAptBin = fs.mkdtempSync(path.join(os.tmpdir(), "failing-apt-"));
  const calls = path.join(fakeAptBin, "calls");
  fs.writeFileSync(
    path.join(fakeAptBin, "apt-get"),
    `#!/bin/sh\necho "$*" >> "${calls}"\necho "E: Could not get lock /var/lib/dpkg/lock-frontend" >&2\nexit 100\n`,
    {
      mode: 0o755,
    },
  );
  try {
    const result = setupWithoutSystemPython({ ...environmentWithout("CONDA_PREFIX", "VIRTUAL_ENV", "JUPYTER_PYTHON"), PATH: `${nodeOnlyBin}:${fakeAptBin}` });
    const invocations = fs.readFileSync(calls, "utf8").trim().split("\n");
    expect(invocations.map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
      "-o DPkg::Lock::Timeout=600 install",
      "-o DPkg::Lock::Timeout=600 update",
    ]);
    expect(result.stderr).toContain("Jupyter was not found and cannot be installed here: apt-get could not install jupyter-server jupyter-notebook");
    expect(result.stderr).not.toContain("no apt-get usable");
    expect(result.status).toBe(1);
  } finally {
    fs.rmSync(fakeAptBin, { recursive: true, force: true });
  }
});

test("a JUPYTER_PYTHON without Jupyter is named, with what it lacks", () => {
  const result = spawnSync(process.execPath, [setupScript], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { ...environmentWithout("CONDA_PREFIX", "VIRTUAL_ENV"), JUPYTER_PYTHON: "/nonexistent/python3" },
  });
  expect(result.stderr).toContain("JUPYTER_PYTHON is /nonexistent/python3, which lacks some of: jupyter_server, notebook");
  expect(result.status).toBe(1);
});
