// Names declared by earlier cells, used in every form a learner writes them.
import { afterAll, beforeAll, expect, test } from "vitest";
import { KernelClient } from "../support/kernel-client";

let kernel: KernelClient;

beforeAll(async () => {
  kernel = await KernelClient.start();
});

afterAll(() => kernel?.close());

async function resultOf(code: string): Promise<unknown> {
  const { reply, iopub } = await kernel.execute(code);
  expect(reply.content, JSON.stringify(reply.content)).toMatchObject({ status: "ok" });
  const result = iopub.find((message) => message.header.msg_type === "execute_result");
  return (result?.content as { data?: Record<string, unknown> } | undefined)?.data?.["text/plain"];
}

test("a shorthand property names a variable of an earlier cell", async () => {
  await resultOf("const ioMs = 5;\nlet workers = 2;");
  expect(await resultOf("JSON.stringify({ ioMs, workers, extra: 1 })")).toBe('\'{"ioMs":5,"workers":2,"extra":1}\'');
});

test("destructuring into earlier variables, with and without defaults, assigns them", async () => {
  await resultOf("let left = 0;\nlet right = 0;");
  await resultOf("({ left, right = 7 } = { left: 3 });");
  expect(await resultOf("[left, right].join(',')")).toBe("'3,7'");
});

test("a runtime error on a line with a shorthand property still points at its cell line", async () => {
  const { reply } = await kernel.execute("const shown = 1;\nconst broken = { shown, value: (undefined as unknown as { x: number }).x };");
  expect(reply.content).toMatchObject({ status: "error", ename: "TypeError" });
  expect((reply.content as { traceback: string[] }).traceback.join("\n")).toMatch(/cell\[\d+\]:2:/);
});

test("a cell whose only await is a for-await loop runs, and its last value is the loop's result", async () => {
  await resultOf("async function* countTo(n: number) { for (let i = 1; i <= n; i += 1) yield i; }");
  expect(await resultOf("let total = 0;\nfor await (const value of countTo(4)) total += value;\ntotal")).toBe("10");
});

test("many runners and tasks may listen to one cell's signal without a listener warning", async () => {
  const { iopub } = await kernel.execute(
    "for (let i = 0; i < 30; i += 1) cellSignal().addEventListener('abort', () => undefined);\nawait new Promise((resolve) => setTimeout(resolve, 50));",
  );
  const streams = iopub.filter((message) => message.header.msg_type === "stream").map((message) => (message.content as { text: string }).text);
  expect(streams.join("")).not.toContain("MaxListenersExceededWarning");
});

test("cells have Node's types and the types of what they import, not the globals of the project's test tools", async () => {
  expect(await resultOf("process.versions.node.split('.').length")).toBe("3");
  expect(await resultOf('import WebSocket from "ws";\ntypeof WebSocket.OPEN')).toBe("'number'");
  // @types/chai (a test tool's) declares a global namespace Chai.
  const { reply } = await kernel.execute('const message: Chai.Message = "x";');
  expect(reply.content).toMatchObject({ status: "error", ename: "TypeScript compile error" });
  expect((reply.content as { evalue: string }).evalue).toContain("Cannot find namespace 'Chai'");
});
