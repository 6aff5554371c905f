import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { KernelMessage } from "@jupyterlab/services";
import { KernelClient, parentId, sendExecute, textOf, whenPrinted, whenRunning, type Message } from "./client";

async function interruptedReply(kernel: KernelClient, request: Message): Promise<KernelMessage.IExecuteReplyMsg["content"]> {
  return (await kernel.reply("shell", request, 10_000)).content as KernelMessage.IExecuteReplyMsg["content"];
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
    const cell = sendExecute(kernel, "let spins = 0;\nwhile (true) { spins++; }");
    await whenRunning(kernel, cell);
    const { reply } = await kernel.request("control", "interrupt_request", {});
    expect(reply.content).toEqual({ status: "ok" });
    expect(await interruptedReply(kernel, cell)).toMatchObject({ status: "error", ename: "Interrupted" });
    expect((await kernel.execute("'after'")).reply.content).toMatchObject({ status: "ok" });
  });

  test("stops a pending await and aborts the cell's AbortSignal", async () => {
    const cell = sendExecute(kernel, 'const signal = cellSignal();\nsignal.addEventListener("abort", () => { (globalThis as any).abortSeen = signal.aborted; });\nconsole.log("waiting");\nawait new Promise(() => {});');
    await whenPrinted(kernel, cell, "waiting");
    await kernel.request("control", "interrupt_request", {});
    expect(await interruptedReply(kernel, cell)).toMatchObject({ status: "error", ename: "Interrupted" });
    const check = await kernel.execute("(globalThis as any).abortSeen");
    expect(check.outputs.find((m) => m.header.msg_type === "execute_result")?.content).toMatchObject({ data: { "text/plain": "true" } });
  });

  test("an interrupt while idle is answered and harmless", async () => {
    const { reply } = await kernel.request("control", "interrupt_request", {});
    expect(reply.content).toEqual({ status: "ok" });
    // A cell sent right after, busy long enough for a stray SIGINT to land in it, still finishes.
    const busy = "const until = Date.now() + 300;\nwhile (Date.now() < until) {}\n'still fine'";
    expect((await kernel.execute(busy)).reply.content).toMatchObject({ status: "ok" });
  });
});

test("SIGINT (interrupt_mode signal) stops a synchronous loop and a pending await", async () => {
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
    expect((await kernel.execute("1 + 1")).reply.content).toMatchObject({ status: "ok" });
  } finally {
    await kernel.close();
  }
});

test("a loop after an await cannot be interrupted: the cell is told to restart, and shutdown still ends the kernel", async () => {
  const kernel = await KernelClient.start({ env: { TS_COURSE_KERNEL_STILL_BUSY_MS: "500", TS_COURSE_KERNEL_FORCED_EXIT_MS: "1000" } });
  try {
    const cell = sendExecute(kernel, 'console.log("waiting");\nawait new Promise((resolve) => setTimeout(resolve, 100));\nwhile (true) {}');
    await whenPrinted(kernel, cell, "waiting");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { reply } = await kernel.request("control", "interrupt_request", {});
    expect(reply.content).toEqual({ status: "ok" });
    const notice = await kernel.inboxes.iopub.waitFor((m) => parentId(m) === cell.header.msg_id && textOf([m], "stderr").includes("still busy — restart the kernel"), 5000);
    expect(notice.header.msg_type).toBe("stream");
    expect(await kernel.heartbeat()).toBe(true);
    const shutdown = kernel.send("control", "shutdown_request", { restart: true });
    expect((await kernel.reply("control", shutdown, 5000)).content).toEqual({ status: "ok", restart: true });
    await kernel.exit(5000);
  } finally {
    await kernel.close();
  }
});
