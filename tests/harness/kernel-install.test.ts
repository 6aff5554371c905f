import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { plotlyAssetName, plotlyLibraryFile } from "../../lib/plot";
import { projectRoot } from "../../lib/project/build.cjs";

const kernelMain = path.join(projectRoot, "build/kernel/main.js");

function readKernelJson(folder: string): { argv: string[]; display_name: string; language: string } {
  return JSON.parse(fs.readFileSync(path.join(folder, "kernel.json"), "utf8")) as { argv: string[]; display_name: string; language: string };
}

test("setup registers the kernel inside the project, pointing at this node and this checkout", () => {
  const spec = readKernelJson(path.join(projectRoot, ".jupyter/data/kernels/typescript-course"));
  expect(spec.argv).toEqual([process.execPath, "--max-semi-space-size=32", kernelMain, "{connection_file}"]);
  expect(spec.display_name).toBe("TypeScript (concurrency course)");
  expect(spec.language).toBe("typescript");
});

/** The copies of plotly.js a Jupyter data folder needs: for classic Notebook and for JupyterLab. */
function plotlyCopiesIn(dataDir: string): boolean[] {
  const library = fs.readFileSync(plotlyLibraryFile());
  return [`nbextensions/ts-concurrency-course/${plotlyAssetName()}`, `labextensions/ts-concurrency-course/static/${plotlyAssetName()}`].map((relative) => {
    const file = path.join(dataDir, relative);
    return fs.existsSync(file) && fs.readFileSync(file).equals(library);
  });
}

test("setup puts plotly.js where the Jupyter server serves files, and has classic Notebook load it with each notebook", () => {
  const dataDir = path.join(projectRoot, ".jupyter/data");
  expect(plotlyCopiesIn(dataDir)).toEqual([true, true]);
  expect(fs.readFileSync(path.join(dataDir, "nbextensions/ts-concurrency-course/main.js"), "utf8")).toContain(plotlyAssetName());
  const nbconfig = JSON.parse(fs.readFileSync(path.join(projectRoot, ".jupyter/config/nbconfig/notebook.json"), "utf8")) as {
    load_extensions?: Record<string, boolean>;
  };
  expect(nbconfig.load_extensions).toMatchObject({ "ts-concurrency-course/main": true });
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
    expect(spec.argv).toEqual([process.execPath, "--max-semi-space-size=32", kernelMain, "{connection_file}"]);
    // Figures in the user's own Jupyter load plotly.js from there too.
    expect(plotlyCopiesIn(path.join(home, ".local/share/jupyter"))).toEqual([true, true]);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
