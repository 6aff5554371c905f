import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";

const projectRoot = path.resolve(__dirname, "../..");
const kernelMain = path.join(projectRoot, "build/kernel/main.js");

function readKernelJson(folder: string): { argv: string[]; display_name: string; language: string } {
  return JSON.parse(fs.readFileSync(path.join(folder, "kernel.json"), "utf8"));
}

test("setup registers the kernel inside the project, pointing at this node and this checkout", () => {
  const spec = readKernelJson(path.join(projectRoot, ".jupyter/data/kernels/typescript-course"));
  expect(spec.argv).toEqual([process.execPath, kernelMain, "{connection_file}"]);
  expect(spec.display_name).toBe("TypeScript (concurrency course)");
  expect(spec.language).toBe("typescript");
});

test("kernel:install --user registers it in the user's Jupyter folder", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "home-"));
  try {
    const result = spawnSync(process.execPath, [path.join(projectRoot, "scripts/kernel-install.cjs"), "--user"], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...process.env, HOME: home, JUPYTER_DATA_DIR: "" },
    });
    expect(result.stderr).not.toContain("kernel:");
    expect(result.status).toBe(0);
    const spec = readKernelJson(path.join(home, ".local/share/jupyter/kernels/typescript-course"));
    expect(spec.argv).toEqual([process.execPath, kernelMain, "{connection_file}"]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
