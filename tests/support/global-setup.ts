import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };
import { buildStale } from "../../lib/project/build.cjs";
import { startJupyterServer } from "../../scripts/jupyter/server";

declare module "vitest" {
  export interface ProvidedContext {
    jupyterServer: { baseUrl: string; token: string };
  }
}

/** One Jupyter server for the whole run; every notebook and session test talks to it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Built once here, before test files run in parallel and start workers and kernels that load build/.
  buildStale();
  const server = await startJupyterServer();
  project.provide("jupyterServer", { baseUrl: server.baseUrl, token: server.token });
  return () => server.stop();
}
