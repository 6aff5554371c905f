// A cell that did not finish keeps what it declared before it stopped, as IPython does.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { KernelMessage } from "@jupyterlab/services";
import { KernelClient, parentId, sendExecute, whenPrinted, type Message } from "../support/kernel-client";

let kernel: KernelClient;

beforeAll(async () => {
  kernel = await KernelClient.start();
});

afterAll(() => kernel?.close());

async function replyOf(request: Message): Promise<KernelMessage.IExecuteReplyMsg["content"]> {
  return (await kernel.reply("shell", request, 10_000)).content as KernelMessage.IExecuteReplyMsg["content"];
}

/** The cell's text/plain result; fails with the reply when the cell did not succeed. */
async function resultOf(code: string): Promise<unknown> {
  const { reply, iopub } = await kernel.execute(code);
  expect(reply.content, JSON.stringify(reply.content)).toMatchObject({ status: "ok" });
  const result = iopub.find((message) => message.header.msg_type === "execute_result");
  return (result?.content as { data?: Record<string, unknown> } | undefined)?.data?.["text/plain"];
}

async function interrupt(cell: Message): Promise<void> {
  await kernel.request("control", "interrupt_request", {});
  expect(await replyOf(cell)).toMatchObject({ status: "error", ename: "Interrupted" });
}

test("an interrupted busy loop leaves its counter, with the count it reached, to the next cell", async () => {
  // display() is sent at once (console.log text would wait for the loop to end), so it tells the loop began.
  const cell = sendExecute(kernel, 'let spins = 0;\ndisplay("spinning");\nwhile (true) spins++;');
  await kernel.inboxes.iopub.waitFor((m) => parentId(m) === cell.header.msg_id && m.header.msg_type === "display_data", 60_000, "the loop to start");
  await interrupt(cell);
  // The count it reached: the interrupt can land before the first turn of the loop on a busy machine, so 0 counts too.
  expect(await resultOf("typeof spins === 'number' && Number.isInteger(spins) && spins >= 0")).toBe("true");
  expect(await resultOf("const reached = spins; spins += 1; spins === reached + 1")).toBe("true");
});

test("an interrupted await leaves what the cell assigned before it", async () => {
  const cell = sendExecute(
    kernel,
    'let fetched: string[] = [];\nfetched.push("first page");\nconsole.log("waiting");\nawait new Promise(() => {});\nfetched.push("never");',
  );
  await whenPrinted(kernel, cell, "waiting");
  await interrupt(cell);
  expect(await resultOf("fetched.join(', ')")).toBe("'first page'");
});

test("after a runtime error the declarations that ran stay usable; the ones after it do not exist", async () => {
  const failed = await kernel.execute('const kept = 5;\nthrow new Error("stopped here");\nconst unreached = 6;');
  expect(failed.reply.content).toMatchObject({ status: "error", ename: "Error", evalue: "stopped here" });
  expect(await resultOf("kept * 2")).toBe("10");
  const missing = await kernel.execute("unreached");
  expect(missing.reply.content).toMatchObject({ status: "error", ename: "TypeScript compile error" });
  expect((missing.reply.content as { evalue: string }).evalue).toContain("Cannot find name 'unreached'");
});

test("a name that the failed cell would have redeclared keeps its earlier value and type", async () => {
  await resultOf('let level = "first";');
  const failed = await kernel.execute('throw new Error("early");\nlet level = 2;');
  expect(failed.reply.content).toMatchObject({ status: "error", evalue: "early" });
  expect(await resultOf("level.toUpperCase()")).toBe("'FIRST'");
});

test("a name redeclared before the error takes its new value and type", async () => {
  await resultOf("let size = 1;");
  const failed = await kernel.execute('let size = "large";\nthrow new Error("after");');
  expect(failed.reply.content).toMatchObject({ status: "error", evalue: "after" });
  expect(await resultOf("size.length")).toBe("5");
});

test("types, functions and earlier cells' names survive a failed cell next to a kept variable", async () => {
  await resultOf("const before = 1;");
  const failed = await kernel.execute(
    "interface Point { x: number }\nfunction double(n: number) { return n * 2; }\nconst origin: Point = { x: 0 }, unit: Point = { x: 1 };\n(undefined as unknown as () => void)();\nconst later = 3;",
  );
  expect(failed.reply.content).toMatchObject({ status: "error", ename: "TypeError" });
  expect(await resultOf("const p: Point = { x: double(unit.x) + origin.x + before };\np.x")).toBe("3");
});
