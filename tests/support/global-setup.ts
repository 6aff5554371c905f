import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };
import fs from "node:fs";
import { buildStale } from "../../lib/project/build.cjs";
import { startJupyterServer } from "../../scripts/jupyter/server";
import { executedNotebooksFolder } from "./executed-folder";

declare module "vitest" {
  export interface ProvidedContext {
    jupyterServer: { baseUrl: string; token: string };
  }
}

/** One Jupyter server for the whole run; every notebook and session test talks to it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Built once here, before test files run in parallel and start workers and kernels that load build/.
  buildStale();
  fs.rmSync(executedNotebooksFolder, { recursive: true, force: true });
  const server = await startJupyterServer();
  project.provide("jupyterServer", { baseUrl: server.baseUrl, token: server.token });
  return () => server.stop();
}
