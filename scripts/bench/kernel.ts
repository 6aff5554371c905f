// Benchmark (not a test): our kernel against stock tslab, measured in the same run, interleaved so
// that both meet the same load on a shared machine:
//   start to ready       spawn -> first kernel_info_reply (what a front end waits for)
//   first cell           the first execute_request after ready: for ours the notebooks' first import
//                        from ../lib, for tslab (which cannot import from outside its folder) `0`
//   trivial cell         `n + 1` round trips (execute_request -> execute_reply), cells alternating
//                        between the two running kernels; the paired ratio is the median of each
//                        round's ours / tslab, the two cells of a round having met the same load
//   200-line cell        the same for a 200-line cell
// Prints medians, the ratio ours / tslab, and the goals of issue 14.
// Run: npm run bench:kernel
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as zmq from "zeromq";
import { MessageSigner } from "../../kernel/transport/signer";
import { MessageFactory } from "../../kernel/transport/message-factory";
import type { ContentOf } from "../../kernel/transport/message-types";
import { decodeFrames, encodeFrames } from "../../kernel/transport/wire";
import { kernelPorts } from "../jupyter/server";
import { projectRoot } from "../../lib/project/build.cjs";
import { kernelspecArgv } from "../kernel-install.cjs";

const notebooksFolder = path.join(projectRoot, "notebooks");
const STARTS = 7;
const TRIVIAL_CELLS = 200;
const LONG_CELLS = 12;
const REPLY_TIMEOUT_MS = 60_000;
/** What the course's notebooks import first. */
const FIRST_IMPORT = 'import { createRunner, measureThroughput, plotThroughputVsWorkers, table } from "../lib";';

const goals = {
  readyMs: 1500,
  firstImportMs: 500,
  trivialRatio: 1,
};

interface KernelCommand {
  name: "ours" | "tslab";
  argv(connectionFile: string): string[];
}

/** Our kernel as its kernelspec starts it (with its node options); `node` is spawned as this one. */
const oursArgv = kernelspecArgv().slice(1);
const ours: KernelCommand = { name: "ours", argv: (file) => oursArgv.map((arg) => arg.replace("{connection_file}", file)) };
const tslab: KernelCommand = {
  name: "tslab",
  argv: (file) => [path.join(projectRoot, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", file],
};

interface Reply {
  status: string;
  evalue?: string;
}

/** One running kernel and a shell socket to time requests on. */
class TimedKernel {
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly factory = new MessageFactory(crypto.randomUUID());
  private readonly waiting = new Map<string, (reply: Reply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly signer: MessageSigner,
    shellPort: number,
    private readonly folder: string,
    private readonly name: string,
  ) {
    this.shell.connect(`tcp://127.0.0.1:${shellPort}`);
    void this.read();
  }

  static async start(command: KernelCommand): Promise<{ kernel: TimedKernel; readyMs: number }> {
    const key = crypto.randomBytes(16).toString("hex");
    const ports = await kernelPorts();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "kernel-bench-"));
    const file = path.join(folder, "connection.json");
    fs.writeFileSync(file, JSON.stringify({ transport: "tcp", ip: "127.0.0.1", key, signature_scheme: "hmac-sha256", kernel_name: command.name, ...ports }));
    const started = performance.now();
    // Both from the notebooks' folder, where a course kernel runs.
    const child = spawn(process.execPath, command.argv(file), { cwd: notebooksFolder, stdio: "ignore" });
    const kernel = new TimedKernel(child, new MessageSigner(key), ports.shell_port, folder, command.name);
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code) => reject(new Error(`${command.name} exited (${code}) before it answered kernel_info`))),
    );
    // Ends with the kernel after a good start too (stop() kills it): nobody else waits on it then.
    exited.catch(() => undefined);
    await Promise.race([kernel.request("kernel_info_request", {}), exited]);
    return { kernel, readyMs: performance.now() - started };
  }

  private async read(): Promise<void> {
    try {
      for await (const frames of this.shell) {
        const decoded = decodeFrames(frames, "shell", this.signer, Number.MAX_SAFE_INTEGER);
        if (!decoded.ok) continue;
        const parent = (decoded.envelope.message.parent_header as { msg_id?: string }).msg_id ?? "";
        this.waiting.get(parent)?.(decoded.envelope.message.content as Reply);
      }
    } catch {
      // Socket closed.
    }
  }

  /** Sends a request and resolves with its reply's content; a reply that never comes fails the run instead of hanging it. */
  request<T extends "kernel_info_request" | "execute_request">(msgType: T, content: ContentOf<T>): Promise<Reply> {
    const message = this.factory.create("shell", msgType, content, {});
    const replied = new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not answer a ${msgType} within ${REPLY_TIMEOUT_MS / 1000} s`)), REPLY_TIMEOUT_MS);
      this.waiting.set(message.header.msg_id, (reply) => {
        clearTimeout(timer);
        this.waiting.delete(message.header.msg_id);
        resolve(reply);
      });
    });
    void this.shell.send(encodeFrames({ identities: [], message }, this.signer));
    return replied;
  }

  /** Round trip of one cell; fails when the cell does, so a broken kernel cannot look fast. */
  async execute(code: string): Promise<number> {
    const started = performance.now();
    const reply = await this.request("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: false,
    });
    const elapsed = performance.now() - started;
    if (reply.status !== "ok") throw new Error(`the cell ${JSON.stringify(code.slice(0, 60))} failed: ${reply.evalue ?? reply.status}`);
    return elapsed;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGKILL");
    await exited;
    this.shell.close();
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** 200 lines of ordinary TypeScript: declarations, a loop, a class. */
function longCell(run: number): string {
  const lines = [`let total${run} = 0;`];
  for (let line = 0; lines.length < 197; line++) lines.push(`const value${run}_${line}: number = ${line} * 2; total${run} += value${run}_${line};`);
  lines.push(`class Box${run} { constructor(readonly size: number) {} }`, `const box${run} = new Box${run}(total${run});`, `box${run}.size`);
  return lines.join("\n");
}

type Samples = Record<"ours" | "tslab", number[]>;

/** Fresh kernels, alternating which starts first: ready, then the first cell. */
async function measureStarts(): Promise<{ ready: Samples; firstCell: Samples }> {
  const ready: Samples = { ours: [], tslab: [] };
  const firstCell: Samples = { ours: [], tslab: [] };
  for (let round = 0; round < STARTS; round++) {
    for (const command of round % 2 === 0 ? [ours, tslab] : [tslab, ours]) {
      const { kernel, readyMs } = await TimedKernel.start(command);
      ready[command.name].push(readyMs);
      firstCell[command.name].push(await kernel.execute(command.name === "ours" ? FIRST_IMPORT : "0"));
      await kernel.stop();
    }
  }
  return { ready, firstCell };
}

/** Both kernels running side by side; each round runs one cell on each, the order alternating. */
async function measureCells(count: number, cell: (run: number) => string): Promise<Samples> {
  const kernels = { ours: (await TimedKernel.start(ours)).kernel, tslab: (await TimedKernel.start(tslab)).kernel };
  const samples: Samples = { ours: [], tslab: [] };
  try {
    // The first cells warm each compiler; they are not counted.
    for (let run = 0; run < 5; run++) for (const kernel of Object.values(kernels)) await kernel.execute(`${run}`);
    for (let run = 0; run < count; run++) {
      for (const name of run % 2 === 0 ? (["ours", "tslab"] as const) : (["tslab", "ours"] as const)) {
        samples[name].push(await kernels[name].execute(cell(run)));
      }
    }
  } finally {
    await kernels.ours.stop();
    await kernels.tslab.stop();
  }
  return samples;
}

function verdict(met: boolean): string {
  return met ? "met" : "NOT met";
}

async function main(): Promise<void> {
  const { ready, firstCell } = await measureStarts();
  const trivial = await measureCells(TRIVIAL_CELLS, (run) => `${run} + 1`);
  const long = await measureCells(LONG_CELLS, longCell);

  const number = (value: number): string => value.toFixed(1).padStart(9);
  const row = (label: string, a: number, b?: number): string =>
    `${label.padEnd(34)} ${number(a)} ${b === undefined ? "        —" : number(b)} ${b === undefined ? "" : `${(a / b).toFixed(2).padStart(7)}x`}`;
  const median2 = (samples: Samples): [number, number] => [median(samples.ours), median(samples.tslab)];
  const [readyOurs, readyTslab] = median2(ready);
  const [importOurs, firstTslab] = median2(firstCell);
  const [trivialOurs, trivialTslab] = median2(trivial);
  const [longOurs, longTslab] = median2(long);
  // Each round's two cells ran back to back, under the same load: the median of their ratios.
  const pairedRatio = (samples: Samples): number => median(samples.ours.map((value, index) => value / (samples.tslab[index] ?? Number.NaN)));
  const startToImport = median(ready.ours.map((value, index) => value + (firstCell.ours[index] ?? 0)));
  const startToFirstTslab = median(ready.tslab.map((value, index) => value + (firstCell.tslab[index] ?? 0)));

  console.log(
    `Kernel benchmark on ${os.availableParallelism()} cores (load ${os.loadavg()[0]?.toFixed(2)}), medians in ms; ratio = ours / tslab, measured interleaved in this run.`,
  );
  console.log(`${"".padEnd(34)} ${"ours".padStart(9)} ${"tslab".padStart(9)} ${"ratio".padStart(8)}`);
  console.log(row(`start to ready (${STARTS} starts each)`, readyOurs, readyTslab));
  console.log(row("first cell: import from ../lib", importOurs));
  console.log(row("first cell of stock tslab: 0", firstTslab));
  console.log(row("start to first cell done", startToImport, startToFirstTslab));
  console.log(row(`trivial cell (${TRIVIAL_CELLS} each)`, trivialOurs, trivialTslab), ` paired: ${pairedRatio(trivial).toFixed(2)}x`);
  console.log(row(`200-line cell (${LONG_CELLS} each)`, longOurs, longTslab), ` paired: ${pairedRatio(long).toFixed(2)}x`);
  console.log("");
  console.log("Goals (issue 14):");
  console.log(
    `  kernel ready under ${goals.readyMs} ms:          ${readyOurs.toFixed(0)} ms = ${(readyOurs / goals.readyMs).toFixed(2)} of the goal: ${verdict(readyOurs < goals.readyMs)}`,
  );
  console.log(
    `  first lib import under ${goals.firstImportMs} ms:       ${importOurs.toFixed(0)} ms = ${(importOurs / goals.firstImportMs).toFixed(2)} of the goal: ${verdict(importOurs < goals.firstImportMs)}`,
  );
  const trivialRatio = pairedRatio(trivial);
  console.log(`  trivial cell no slower than tslab: ${trivialRatio.toFixed(2)}x tslab's (paired): ${verdict(trivialRatio <= goals.trivialRatio)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
