// Benchmark (not a test): our kernel against stock tslab, measured in the same run.
// start-to-ready (spawn -> first kernel_info_reply), a trivial cell and a 200-line cell round trip
// (execute_request -> execute_reply). Prints medians and the ratio ours / tslab.
// Run: node scripts/build.cjs && node build/scripts/bench/kernel.js
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import * as zmq from "zeromq";
import { MessageSigner } from "../../kernel/transport/signer";
import { MessageFactory } from "../../kernel/transport/message-factory";
import { decodeFrames, encodeFrames } from "../../kernel/transport/wire";

const projectRoot = path.resolve(__dirname, "../../..");
const STARTS = 5;
const TRIVIAL_CELLS = 30;
const LONG_CELLS = 10;

interface KernelCommand {
  name: string;
  argv(connectionFile: string): string[];
}

const kernels: KernelCommand[] = [
  { name: "ours", argv: (file) => [path.join(projectRoot, "build", "kernel", "main.js"), file] },
  { name: "tslab", argv: (file) => [path.join(projectRoot, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", file] },
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One running kernel and a shell socket to time requests on. */
class TimedKernel {
  private readonly shell = new zmq.Dealer({ linger: 0 });
  private readonly factory = new MessageFactory(crypto.randomUUID());
  private readonly waiting = new Map<string, () => void>();

  private constructor(private readonly child: ChildProcess, private readonly signer: MessageSigner, shellPort: number, private readonly folder: string) {
    this.shell.connect(`tcp://127.0.0.1:${shellPort}`);
    void this.read();
  }

  static async start(command: KernelCommand): Promise<{ kernel: TimedKernel; readyMs: number }> {
    const key = crypto.randomBytes(16).toString("hex");
    const ports = { shell_port: await freePort(), iopub_port: await freePort(), stdin_port: await freePort(), control_port: await freePort(), hb_port: await freePort() };
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "kernel-bench-"));
    const file = path.join(folder, "connection.json");
    fs.writeFileSync(file, JSON.stringify({ transport: "tcp", ip: "127.0.0.1", key, signature_scheme: "hmac-sha256", kernel_name: command.name, ...ports }));
    const started = performance.now();
    const child = spawn(process.execPath, command.argv(file), { cwd: projectRoot, stdio: "ignore" });
    const kernel = new TimedKernel(child, new MessageSigner(key), ports.shell_port, folder);
    await kernel.request("kernel_info_request", {});
    return { kernel, readyMs: performance.now() - started };
  }

  private async read(): Promise<void> {
    try {
      for await (const frames of this.shell) {
        const decoded = decodeFrames(frames, "shell", this.signer, Number.MAX_SAFE_INTEGER);
        if (!decoded.ok) continue;
        const parent = (decoded.envelope.message.parent_header as { msg_id?: string }).msg_id ?? "";
        this.waiting.get(parent)?.();
      }
    } catch {
      // Socket closed.
    }
  }

  /** Sends a request and resolves when its reply arrives. */
  request(msgType: "kernel_info_request" | "execute_request", content: object): Promise<void> {
    const message = this.factory.create("shell", msgType, content, {});
    const replied = new Promise<void>((resolve) => this.waiting.set(message.header.msg_id, resolve));
    void this.shell.send(encodeFrames({ identities: [], message }, this.signer));
    return replied;
  }

  async execute(code: string): Promise<number> {
    const started = performance.now();
    await this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false });
    return performance.now() - started;
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

async function measure(command: KernelCommand): Promise<{ start: number; trivial: number; long: number }> {
  const starts: number[] = [];
  for (let run = 0; run < STARTS; run++) {
    const { kernel, readyMs } = await TimedKernel.start(command);
    starts.push(readyMs);
    await kernel.stop();
  }
  const { kernel } = await TimedKernel.start(command);
  await kernel.execute("0"); // the first cell warms the compiler in both kernels
  const trivial: number[] = [];
  for (let run = 0; run < TRIVIAL_CELLS; run++) trivial.push(await kernel.execute(`${run} + 1`));
  const long: number[] = [];
  for (let run = 0; run < LONG_CELLS; run++) long.push(await kernel.execute(longCell(run)));
  await kernel.stop();
  return { start: median(starts), trivial: median(trivial), long: median(long) };
}

async function main(): Promise<void> {
  const [ours, tslab] = [await measure(kernels[0] as KernelCommand), await measure(kernels[1] as KernelCommand)];
  const row = (label: string, a: number, b: number): string => `${label.padEnd(26)} ${a.toFixed(1).padStart(9)} ${b.toFixed(1).padStart(9)} ${(a / b).toFixed(2).padStart(7)}x`;
  console.log(`${"median ms".padEnd(26)} ${"ours".padStart(9)} ${"tslab".padStart(9)} ${"ratio".padStart(8)}`);
  console.log(row("start to ready", ours.start, tslab.start));
  console.log(row("trivial cell round trip", ours.trivial, tslab.trivial));
  console.log(row("200-line cell round trip", ours.long, tslab.long));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
