import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };
import { startFrontEnd } from "./front-end";

declare module "vitest" {
  export interface ProvidedContext {
    frontEnd: { baseUrl: string; token: string; home: string };
  }
}

/** One `npm start` front end for all browser runs; stopped (with its kernels) at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const frontEnd = await startFrontEnd();
  project.provide("frontEnd", { baseUrl: frontEnd.baseUrl, token: frontEnd.token, home: frontEnd.home });
  return () => frontEnd.stop();
}
