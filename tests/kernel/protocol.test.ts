import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { KernelMessage } from "@jupyterlab/services";
import { KernelClient, textOf, type Message } from "../support/kernel-client";
import { waitFor } from "../support/wait-for";

let kernel: KernelClient;

beforeAll(async () => {
  kernel = await KernelClient.start();
});

afterAll(async () => {
  await kernel?.close();
});

function typesOf(messages: Message[]): string[] {
  return messages.map((m) => m.header.msg_type);
}

function contentOf<T>(messages: Message[], msgType: string): T {
  const found = messages.find((m) => m.header.msg_type === msgType);
  if (found === undefined) throw new Error(`no ${msgType} among ${typesOf(messages).join(", ")}`);
  return found.content as T;
}

describe("kernel_info", () => {
  test("reports status, protocol, implementation and the real TypeScript version", async () => {
    const { reply, iopub } = await kernel.request("shell", "kernel_info_request", {});
    const content = reply.content as KernelMessage.IInfoReply;
    expect(reply.header.msg_type).toBe("kernel_info_reply");
    expect(content.status).toBe("ok");
    expect(content.protocol_version).toBe("5.3");
    expect(content.implementation).toBe("typescript-course");
    expect(content.language_info.name).toBe("typescript");
    expect(content.language_info.version).toBe((require("@tslab/typescript-for-tslab") as { version: string }).version);
    expect(content.language_info.file_extension).toBe(".ts");
    expect(content.help_links.length).toBeGreaterThan(0);
    expect(typesOf(iopub)).toEqual(["status", "status"]);
  });

  test("is answered on the control channel too", async () => {
    const { reply } = await kernel.request("control", "kernel_info_request", {});
    expect(reply.channel).toBe("control");
    expect((reply.content as KernelMessage.IInfoReply).status).toBe("ok");
  });
});

describe("execute", () => {
  test("publishes busy, execute_input, stdout, execute_result, idle in order, with counts", async () => {
    const { reply, iopub } = await kernel.execute('console.log("hello"); 6 * 7');
    expect(typesOf(iopub)).toEqual(["status", "execute_input", "stream", "execute_result", "status"]);
    const count = (reply.content as { execution_count: number }).execution_count;
    expect(contentOf<{ execution_count: number }>(iopub, "execute_input").execution_count).toBe(count);
    expect(contentOf<{ data: Record<string, unknown>; execution_count: number }>(iopub, "execute_result")).toMatchObject({
      data: { "text/plain": "42" },
      execution_count: count,
    });
    expect(textOf(iopub, "stdout")).toBe("hello\n");
    const next = await kernel.execute("1");
    expect((next.reply.content as { execution_count: number }).execution_count).toBe(count + 1);
  });

  test("captures stderr and keeps variables and types between cells", async () => {
    await kernel.execute("const base: number = 40;");
    const { reply, outputs } = await kernel.execute('console.error("careful"); base + 2');
    expect(reply.content).toMatchObject({ status: "ok" });
    expect(textOf(outputs, "stderr")).toBe("careful\n");
    expect(contentOf<{ data: Record<string, unknown> }>(outputs, "execute_result").data["text/plain"]).toBe("42");
  });

  test("a type error is an error message with the cell line and column, and an error reply", async () => {
    const { reply, outputs } = await kernel.execute('const fine = 1;\nconst wrong: number = "text";');
    expect(typesOf(outputs)).toEqual(["error"]);
    const error = contentOf<KernelMessage.IErrorMsg["content"]>(outputs, "error");
    expect(error.evalue).toContain("2:7");
    expect(error.evalue).toContain("not assignable to type 'number'");
    expect(error.traceback.join("\n")).toContain("cell:2:7");
    expect(reply.content).toMatchObject({ status: "error", ename: error.ename, evalue: error.evalue });
  });

  test("a runtime error carries its name, message and a traceback into the cell", async () => {
    const code = ["function check(n: number): number {", "  if (n > 1) throw new RangeError(`too big: ${n}`);", "  return n;", "}", "check(5);"].join("\n");
    const { reply, outputs } = await kernel.execute(code);
    const error = contentOf<KernelMessage.IErrorMsg["content"]>(outputs, "error");
    expect(error.ename).toBe("RangeError");
    expect(error.evalue).toBe("too big: 5");
    const frames = error.traceback.slice(1).join("\n");
    expect(frames).toMatch(/check \(cell\[\d+\]:2:\d+\)/);
    expect(frames).toMatch(/cell\[\d+\]:5:\d+/);
    expect(frames).not.toContain("build/kernel");
    expect(reply.content).toMatchObject({ status: "error", ename: "RangeError", evalue: "too big: 5" });
  });

  test("top-level await works and an awaited rejection is an error", async () => {
    const ok = await kernel.execute("await new Promise((resolve) => setTimeout(() => resolve('late'), 20))");
    expect(contentOf<{ data: Record<string, unknown> }>(ok.outputs, "execute_result").data["text/plain"]).toBe("'late'");
    const failed = await kernel.execute("await Promise.reject(new TypeError('nope'))");
    expect(contentOf<KernelMessage.IErrorMsg["content"]>(failed.outputs, "error")).toMatchObject({ ename: "TypeError", evalue: "nope" });
  });

  test("silent runs publish no outputs and do not count", async () => {
    const before = await kernel.execute("1");
    const silent = await kernel.execute('console.log("hidden"); 5', { silent: true });
    expect(typesOf(silent.iopub)).toEqual(["status", "status"]);
    const after = await kernel.execute("1");
    const countOf = (m: Message): number => (m.content as { execution_count: number }).execution_count;
    expect(countOf(after.reply)).toBe(countOf(before.reply) + 1);
  });

  test("store_history false does not advance the count", async () => {
    const before = await kernel.execute("1");
    await kernel.execute("2", { store_history: false });
    const after = await kernel.execute("3");
    const countOf = (m: Message): number => (m.content as { execution_count: number }).execution_count;
    expect(countOf(after.reply)).toBe(countOf(before.reply) + 1);
  });

  test("user_expressions are evaluated after the cell", async () => {
    const { reply } = await kernel.execute("const seven = 7;", { user_expressions: { double: "seven * 2", broken: "nothingHere" } });
    const expressions = (reply.content as { user_expressions: Record<string, { status: string; data?: Record<string, unknown>; ename?: string }> })
      .user_expressions;
    expect(expressions.double).toEqual({ status: "ok", data: { "text/plain": "14" }, metadata: {} });
    expect(expressions.broken?.status).toBe("error");
  });

  test("stop_on_error aborts the execute requests queued behind a failing cell", async () => {
    const failing = kernel.send("shell", "execute_request", {
      code: "await new Promise((r) => setTimeout(r, 200)); throw new Error('first fails')",
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    const queued = kernel.send("shell", "execute_request", {
      code: "console.log('must not run')",
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    });
    expect((await kernel.reply("shell", failing)).content).toMatchObject({ status: "error" });
    expect((await kernel.reply("shell", queued)).content).toMatchObject({ status: "aborted" });
    const later = await kernel.execute("'runs again'");
    expect(later.reply.content).toMatchObject({ status: "ok" });
    expect(kernel.inboxes.iopub.messages.some((m) => textOf([m], "stdout").includes("must not run"))).toBe(false);
  });

  test("stop_on_error also aborts requests that arrived while a synchronous cell blocked the kernel", async () => {
    const options = { silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true };
    const started = path.join(os.tmpdir(), `ts-course-blocked-${process.pid}-${Date.now()}`);
    const release = `${started}-release`;
    // The cell blocks the kernel's thread until released, so the two requests sent meanwhile wait
    // unread in ZeroMQ's queue when it fails.
    const failing = kernel.send("shell", "execute_request", {
      ...options,
      code: [
        `const fs = require("fs");`,
        `fs.writeFileSync(${JSON.stringify(started)}, "");`,
        `const giveUp = Date.now() + 60_000;`,
        `while (!fs.existsSync(${JSON.stringify(release)}) && Date.now() < giveUp);`,
        `throw new Error("blocked, then failed");`,
      ].join("\n"),
    });
    await waitFor(() => (fs.existsSync(started) ? true : undefined), "the cell to block", 60_000);
    const queued = [1, 2].map((n) => kernel.send("shell", "execute_request", { ...options, code: `console.log('queued ${n} must not run')` }));
    // Nothing the blocked kernel does can tell that they crossed the loopback; two seconds is ample,
    // and a late arrival would make the test fail (they would run), never pass wrongly.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    fs.writeFileSync(release, "");

    try {
      expect((await kernel.reply("shell", failing)).content).toMatchObject({ status: "error" });
      for (const request of queued) expect((await kernel.reply("shell", request)).content).toMatchObject({ status: "aborted" });
      expect(kernel.inboxes.iopub.messages.some((m) => /queued \d must not run/.test(textOf([m], "stdout")))).toBe(false);
    } finally {
      fs.rmSync(started, { force: true });
      fs.rmSync(release, { force: true });
    }
  });

  test("stop_on_error false lets the queued cells run", async () => {
    const options = { silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false };
    const failing = kernel.send("shell", "execute_request", { ...options, code: "throw new Error('alone')" });
    const queued = kernel.send("shell", "execute_request", { ...options, code: "'still runs'" });
    expect((await kernel.reply("shell", failing)).content).toMatchObject({ status: "error" });
    expect((await kernel.reply("shell", queued)).content).toMatchObject({ status: "ok" });
  });
});

describe("display", () => {
  test("display, updateDisplay and clearOutput publish display_data, update_display_data and clear_output", async () => {
    const { outputs } = await kernel.execute(
      [
        'display({ "text/html": "<b>one</b>", "text/plain": "one" }, { displayId: "progress" });',
        'updateDisplay("progress", { "text/plain": "two" });',
        "clearOutput({ wait: true });",
        'display("plain text");',
      ].join("\n"),
    );
    expect(typesOf(outputs)).toEqual(["display_data", "update_display_data", "clear_output", "display_data"]);
    expect(outputs[0]?.content).toMatchObject({ data: { "text/html": "<b>one</b>", "text/plain": "one" }, transient: { display_id: "progress" } });
    expect(outputs[1]?.content).toMatchObject({ data: { "text/plain": "two" }, transient: { display_id: "progress" } });
    expect(outputs[2]?.content).toEqual({ wait: true });
    expect(outputs[3]?.content).toMatchObject({ data: { "text/plain": "plain text" } });
  });

  test("a value with [Symbol.for('jupyter.mimebundle')] renders as its bundle, as result and when displayed", async () => {
    await kernel.execute('const chart = { [Symbol.for("jupyter.mimebundle")]() { return { "text/html": "<svg></svg>", "text/plain": "chart" }; } };');
    const asResult = await kernel.execute("chart");
    expect(contentOf<{ data: Record<string, unknown> }>(asResult.outputs, "execute_result").data).toEqual({
      "text/html": "<svg></svg>",
      "text/plain": "chart",
    });
    const displayed = await kernel.execute("display(chart)");
    expect(contentOf<{ data: Record<string, unknown> }>(displayed.outputs, "display_data").data).toEqual({ "text/html": "<svg></svg>", "text/plain": "chart" });
  });

  test("the lib hook is present while a cell runs, with the cell's AbortSignal", async () => {
    const { outputs } = await kernel.execute(
      [
        'const hook = (globalThis as any)[Symbol.for("ts-concurrency-course.kernel")];',
        'hook.display({ "text/plain": "from lib" });',
        "hook.cellSignal() instanceof AbortSignal && hook.cellSignal() === cellSignal()",
      ].join("\n"),
    );
    expect(typesOf(outputs)).toEqual(["display_data", "execute_result"]);
    expect(contentOf<{ data: Record<string, unknown> }>(outputs, "execute_result").data["text/plain"]).toBe("true");
    const after = await kernel.execute('(globalThis as any)[Symbol.for("ts-concurrency-course.kernel")] === undefined');
    expect(contentOf<{ data: Record<string, unknown> }>(after.outputs, "execute_result").data["text/plain"]).toBe("false");
  });
});

describe("editor requests", () => {
  test("complete offers members with type information from earlier cells", async () => {
    await kernel.execute("const course = { title: 'threads', weeks: 3 };");
    const code = "course.ti";
    const { reply } = await kernel.request("shell", "complete_request", { code, cursor_pos: code.length });
    expect(reply.content).toMatchObject({ status: "ok", cursor_start: 7, cursor_end: 9 });
    expect((reply.content as { matches: string[] }).matches).toContain("title");
  });

  test("inspect shows the type at the cursor", async () => {
    const code = "course";
    const { reply } = await kernel.request("shell", "inspect_request", { code, cursor_pos: code.length, detail_level: 0 });
    expect(reply.content).toMatchObject({ status: "ok", found: true });
    expect((reply.content as { data: Record<string, string> }).data["text/plain"] ?? "").toContain("weeks: number");
  });

  test("is_complete says complete, incomplete with an indent, or invalid", async () => {
    const ask = async (code: string): Promise<unknown> => (await kernel.request("shell", "is_complete_request", { code })).reply.content;
    expect(await ask("const a = 1;")).toEqual({ status: "complete" });
    expect(await ask("function f() {")).toEqual({ status: "incomplete", indent: "  " });
    expect(await ask("const = = 1;")).toEqual({ status: "invalid" });
  });

  test("a `?name` cell pages the documentation", async () => {
    const { reply } = await kernel.execute("?course");
    const payload = (reply.content as { payload: Array<{ source: string; data: Record<string, string> }> }).payload;
    expect(payload[0]?.source).toBe("page");
    expect(payload[0]?.data["text/plain"]).toContain("title: string");
  });
});

describe("history", () => {
  test("tail, range and search return stored inputs", async () => {
    await kernel.execute("const historyMarker = 'h1';");
    await kernel.execute("historyMarker");
    const tail = (await kernel.request("shell", "history_request", { output: false, raw: true, hist_access_type: "tail", n: 2 })).reply
      .content as KernelMessage.IHistoryReply;
    expect(tail.history.map((entry) => entry[2])).toEqual(["const historyMarker = 'h1';", "historyMarker"]);
    const [session, line] = tail.history[1] as [number, number, string];
    const range = (
      await kernel.request("shell", "history_request", { output: true, raw: true, hist_access_type: "range", session, start: line, stop: line + 1 })
    ).reply.content as KernelMessage.IHistoryReply;
    expect(range.history).toEqual([[session, line, ["historyMarker", "'h1'"]]]);
    const search = (
      await kernel.request("shell", "history_request", {
        output: false,
        raw: true,
        hist_access_type: "search",
        pattern: "*historyMarker*",
        unique: true,
        n: 10,
      })
    ).reply.content as KernelMessage.IHistoryReply;
    expect(search.history.map((entry) => entry[2])).toEqual(["const historyMarker = 'h1';", "historyMarker"]);
  });
});

describe("comms", () => {
  test("comm_info is answered with comm_info_reply and no comms", async () => {
    const { reply } = await kernel.request("shell", "comm_info_request", {});
    expect(reply.header.msg_type).toBe("comm_info_reply");
    expect(reply.content).toEqual({ status: "ok", comms: {} });
  });

  test("comm_open for an unknown target is answered with comm_close", async () => {
    const open = kernel.send("shell", "comm_open", { comm_id: "c-2", target_name: "nobody", data: {} });
    const iopub = await kernel.iopubOf(open);
    expect(iopub.find((m) => m.header.msg_type === "comm_close")?.content).toEqual({ comm_id: "c-2", data: {} });
  });
});

describe("stdin", () => {
  test("input() asks the front end and returns its answer", async () => {
    const request = kernel.send("shell", "execute_request", {
      code: 'const answer = await input("name? "); `hello ${answer}`',
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: true,
      stop_on_error: true,
    });
    const prompt = await kernel.inboxes.stdin.waitFor((m) => m.header.msg_type === "input_request");
    expect(prompt.content).toEqual({ prompt: "name? ", password: false });
    kernel.send("stdin", "input_reply", { status: "ok", value: "Ada" });
    const iopub = await kernel.iopubOf(request);
    expect(contentOf<{ data: Record<string, unknown> }>(iopub, "execute_result").data["text/plain"]).toBe("'hello Ada'");
  });

  test("input() takes the spec's reply with only a value, as jupyter_client's KernelClient.input() sends it", async () => {
    const request = kernel.send("shell", "execute_request", {
      code: 'const city = await input("city? "); city.toUpperCase()',
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: true,
      stop_on_error: true,
    });
    await kernel.inboxes.stdin.waitFor((m) => m.header.msg_type === "input_request" && (m.content as { prompt?: string }).prompt === "city? ");
    kernel.send("stdin", "input_reply", { value: "Lyon" });
    const iopub = await kernel.iopubOf(request);
    expect(contentOf<{ data: Record<string, unknown> }>(iopub, "execute_result").data["text/plain"]).toBe("'LYON'");
  });

  test("an input_reply without a text value fails the cell with a message that shows the reply", async () => {
    const request = kernel.send("shell", "execute_request", {
      code: 'await input("count? ")',
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: true,
      stop_on_error: true,
    });
    await kernel.inboxes.stdin.waitFor((m) => m.header.msg_type === "input_request" && (m.content as { prompt?: string }).prompt === "count? ");
    kernel.send("stdin", "input_reply", { value: 3 });
    const error = contentOf<KernelMessage.IErrorMsg["content"]>(await kernel.iopubOf(request), "error");
    expect(error.evalue).toBe('the front end answered input() without a text value (its reply was {"value":3}).');
  });

  test("input() fails clearly when the front end does not allow stdin", async () => {
    const { outputs } = await kernel.execute('await input("name? ")', { allow_stdin: false });
    const error = contentOf<KernelMessage.IErrorMsg["content"]>(outputs, "error");
    expect(error.evalue).toContain("allow_stdin: false");
  });
});

test("the heartbeat echoes", async () => {
  expect(await kernel.heartbeat()).toBe(true);
});
