import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { KernelClient } from "../support/kernel-client";
import { descendantsOf, isAlive } from "../../kernel/lifecycle/process-tree";

/** A cell that leaves behind everything a careless notebook could: processes, a worker, a server, timers. */
const leaveThingsRunning = [
  'import { spawn } from "node:child_process";',
  'import { Worker } from "node:worker_threads";',
  'import http from "node:http";',
  'spawn("sleep", ["60"]);',
  'spawn("sleep", ["60"], { detached: true }).unref();',
  'spawn("sh", ["-c", "sleep 60 & sleep 60"]);',
  'new Worker("setInterval(() => {}, 1000)", { eval: true });',
  "http.createServer().listen(0);",
  "setInterval(() => {}, 1000);",
  "await new Promise((resolve) => setTimeout(resolve, 300));",
].join("\n");

async function waitUntilGone(pids: number[], timeoutMs = 5000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 50));
  return pids.filter(isAlive);
}

test("shutdown ends every process, worker, server and timer the cells started", async () => {
  const kernel = await KernelClient.start();
  try {
    expect((await kernel.execute(leaveThingsRunning)).reply.content).toMatchObject({ status: "ok" });
    const descendants = descendantsOf(kernel.pid);
    expect(descendants.length).toBeGreaterThanOrEqual(4);
    const shutdown = kernel.send("control", "shutdown_request", { restart: false });
    expect((await kernel.reply("control", shutdown)).content).toEqual({ status: "ok", restart: false });
    expect(await kernel.exit()).toBe(0);
    expect(await waitUntilGone([kernel.pid, ...descendants])).toEqual([]);
  } finally {
    await kernel.close();
  }
});

test("shutdown with restart answers restart: true and ends the process for the front end to start anew", async () => {
  const kernel = await KernelClient.start();
  try {
    await kernel.execute('import { spawn } from "node:child_process";\nspawn("sleep", ["60"]);');
    const descendants = descendantsOf(kernel.pid);
    const shutdown = kernel.send("control", "shutdown_request", { restart: true });
    expect((await kernel.reply("control", shutdown)).content).toEqual({ status: "ok", restart: true });
    expect(await kernel.exit()).toBe(0);
    expect(await waitUntilGone(descendants)).toEqual([]);
  } finally {
    await kernel.close();
  }
});

test("the kernel exits, taking its children along, when its parent process (JPY_PARENT_PID) is gone", async () => {
  const parent = spawn("sleep", ["60"], { stdio: "ignore" });
  const kernel = await KernelClient.start({ env: { JPY_PARENT_PID: String(parent.pid) } });
  try {
    await kernel.execute('import { spawn } from "node:child_process";\nspawn("sleep", ["60"]);');
    const descendants = descendantsOf(kernel.pid);
    expect(descendants.length).toBe(1);
    parent.kill("SIGKILL");
    await kernel.exit(8000);
    expect(await waitUntilGone(descendants)).toEqual([]);
  } finally {
    parent.kill("SIGKILL");
    await kernel.close();
  }
});
