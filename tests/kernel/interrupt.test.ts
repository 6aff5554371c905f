import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { KernelMessage } from "@jupyterlab/services";
import { KernelClient, parentId, sendExecute, textOf, whenPrinted, whenRunning, type Message } from "../support/kernel-client";
import { waitFor } from "../support/wait-for";

/**
 * Sends a cell whose thousands of typed declarations keep the compiler busy for seconds, interrupts
 * it meanwhile, and checks that its last line (which sets `marker`) never ran.
 */
async function expectStoppedWhileCompiling(kernel: KernelClient, marker: string, interrupt: () => unknown): Promise<void> {
  const declarations = Array.from({ length: 4000 }, (_, index) => `const ${marker}${index}: number = ${index} * 2;`);
  const cell = sendExecute(kernel, [...declarations, `(globalThis as any).${marker} = true;`].join("\n"));
  await whenRunning(kernel, cell);
  await interrupt();
  // The compiler cannot be stopped halfway: the reply comes once it is done (seconds on a busy machine).
  expect(await interruptedReply(kernel, cell, 90_000)).toMatchObject({ status: "error", ename: "Interrupted" });
  const check = await kernel.execute(`typeof (globalThis as any).${marker}`);
  expect(check.outputs.find((m) => m.header.msg_type === "execute_result")?.content).toMatchObject({ data: { "text/plain": "'undefined'" } });
}

async function interruptedReply(kernel: KernelClient, request: Message, timeoutMs = 10_000): Promise<KernelMessage.IExecuteReplyMsg["content"]> {
  return (await kernel.reply("shell", request, timeoutMs)).content as KernelMessage.IExecuteReplyMsg["content"];
}

describe("interrupt_request on the control channel (interrupt_mode message)", () => {
  let kernel: KernelClient;
  beforeAll(async () => {
    kernel = await KernelClient.start();
  });
  afterAll(async () => {
    await kernel?.close();
  });

  test("stops a synchronous loop at the top of a cell", async () => {
    // The cell leaves a file just before its loop: once it is there, the loop runs (a busy machine may
    // still be compiling the cell long after execute_input).
    const started = path.join(os.tmpdir(), `ts-course-loop-${process.pid}-${Date.now()}`);
    const cell = sendExecute(kernel, `require("fs").writeFileSync(${JSON.stringify(started)}, "");\nlet spins = 0;\nwhile (true) { spins++; }`);
    await waitFor(() => (fs.existsSync(started) ? true : undefined), "the cell's loop to start", 60_000);
    fs.rmSync(started, { force: true });
    const { reply } = await kernel.request("control", "interrupt_request", {});
    expect(reply.content).toEqual({ status: "ok" });
    expect(await interruptedReply(kernel, cell)).toMatchObject({ status: "error", ename: "Interrupted" });
    expect((await kernel.execute("'after'")).reply.content).toMatchObject({ status: "ok" });
  });

  test("stops a pending await and aborts the cell's AbortSignal", async () => {
    const cell = sendExecute(
      kernel,
      'const signal = cellSignal();\nsignal.addEventListener("abort", () => { (globalThis as any).abortSeen = signal.aborted; });\nconsole.log("waiting");\nawait new Promise(() => {});',
    );
    await whenPrinted(kernel, cell, "waiting");
    await kernel.request("control", "interrupt_request", {});
    expect(await interruptedReply(kernel, cell)).toMatchObject({ status: "error", ename: "Interrupted" });
    const check = await kernel.execute("(globalThis as any).abortSeen");
    expect(check.outputs.find((m) => m.header.msg_type === "execute_result")?.content).toMatchObject({ data: { "text/plain": "true" } });
  });

  test("an interrupt while a cell compiles stops it before it runs", { timeout: 120_000 }, async () => {
    await expectStoppedWhileCompiling(kernel, "ranAfterCompile", () => kernel.request("control", "interrupt_request", {}));
  });

  test("an interrupt while idle is answered and harmless", async () => {
    const { reply } = await kernel.request("control", "interrupt_request", {});
    expect(reply.content).toEqual({ status: "ok" });
    // A cell sent right after, busy long enough for a stray SIGINT to land in it, still finishes.
    const busy = "const until = Date.now() + 300;\nwhile (Date.now() < until) {}\n'still fine'";
    expect((await kernel.execute(busy)).reply.content).toMatchObject({ status: "ok" });
  });
});

test("SIGINT (interrupt_mode signal) stops a synchronous loop, a pending await and a compiling cell", async () => {
  const kernel = await KernelClient.start();
  try {
    const loop = sendExecute(kernel, "while (true) {}");
    await whenRunning(kernel, loop);
    process.kill(kernel.pid, "SIGINT");
    expect(await interruptedReply(kernel, loop)).toMatchObject({ status: "error", ename: "Interrupted" });
    const wait = sendExecute(kernel, 'console.log("waiting");\nawait new Promise(() => {})');
    await whenPrinted(kernel, wait, "waiting");
    process.kill(kernel.pid, "SIGINT");
    expect(await interruptedReply(kernel, wait)).toMatchObject({ status: "error", ename: "Interrupted" });
    await expectStoppedWhileCompiling(kernel, "ranAfterSignal", () => process.kill(kernel.pid, "SIGINT"));
    expect((await kernel.execute("1 + 1")).reply.content).toMatchObject({ status: "ok" });
  } finally {
    await kernel.close();
  }
}, 120_000);

test("a loop after an await cannot be interrupted: the cell is told to restart, and shutdown still ends the kernel", async () => {
  const kernel = await KernelClient.start({ env: { TS_COURSE_KERNEL_STILL_BUSY_MS: "500", TS_COURSE_KERNEL_FORCED_EXIT_MS: "1000" } });
  try {
    const cell = sendExecute(kernel, 'console.log("waiting");\nawait new Promise((resolve) => setTimeout(resolve, 100));\nwhile (true) {}');
    await whenPrinted(kernel, cell, "waiting");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { reply } = await kernel.request("control", "interrupt_request", {});
    expect(reply.content).toEqual({ status: "ok" });
    const notice = await kernel.inboxes.iopub.waitFor(
      (m) => parentId(m) === cell.header.msg_id && textOf([m], "stderr").includes("still busy — restart the kernel"),
      5000,
    );
    expect(notice.header.msg_type).toBe("stream");
    expect(await kernel.heartbeat()).toBe(true);
    const shutdown = kernel.send("control", "shutdown_request", { restart: true });
    expect((await kernel.reply("control", shutdown, 5000)).content).toEqual({ status: "ok", restart: true });
    await kernel.exit(5000);
  } finally {
    await kernel.close();
  }
});
