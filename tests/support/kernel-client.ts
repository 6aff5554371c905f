// A small Jupyter client for the kernel's protocol tests: writes a connection file, starts the
// built kernel (build/kernel/main.js), signs what it sends and records everything on every channel.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as zmq from "zeromq";
import type { KernelMessage } from "@jupyterlab/services";
import { MessageSigner } from "../../kernel/transport/signer";
import { MessageFactory } from "../../kernel/transport/message-factory";
import { decodeFrames, encodeFrames } from "../../kernel/transport/wire";
import type { ConnectionInfo } from "../../kernel/transport/connection";
import { kernelPorts } from "../../scripts/jupyter/server";
import { buildStale, projectRoot } from "../../lib/project/build.cjs";

export const kernelMain = path.join(projectRoot, "build", "kernel", "main.js");

type RequestChannel = "shell" | "control" | "stdin";
export type Message = KernelMessage.IMessage;

export interface StartOptions {
  cwd?: string;
  env?: Record<string, string>;
}

/** Everything received on one channel, with a way to wait for a message that matches. */
class Inbox {
  readonly messages: Message[] = [];
  private waiters: Array<{ match(message: Message): boolean; resolve(message: Message): void }> = [];

  push(message: Message): void {
    this.messages.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        waiter.resolve(message);
      }
    }
  }

  waitFor(match: (message: Message) => boolean, timeoutMs = 20_000, what = "a message"): Promise<Message> {
    const found = this.messages.find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((other) => other !== waiter);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (message: Message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      this.waiters.push(waiter);
    });
  }
}

export interface ExecuteResult {
  reply: Message;
  /** iopub messages of this request other than status and execute_input. */
  outputs: Message[];
  /** Every iopub message of this request. */
  iopub: Message[];
}

export class KernelClient {
  readonly inboxes: Record<RequestChannel | "iopub", Inbox> = { shell: new Inbox(), control: new Inbox(), stdin: new Inbox(), iopub: new Inbox() };
  private readonly sockets: { shell: zmq.Dealer; control: zmq.Dealer; stdin: zmq.Dealer; iopub: zmq.Subscriber; hb: zmq.Request };
  private readonly signer: MessageSigner;
  private readonly factory = new MessageFactory(crypto.randomUUID());
  /** Raw iopub frames, as any local process subscribed to iopub (without the key) sees them. */
  readonly rawIopub: Buffer[][] = [];
  private stderrText = "";
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly connection: ConnectionInfo,
    readonly connectionFile: string,
    readonly process: ChildProcess,
  ) {
    this.signer = new MessageSigner(connection.key);
    const endpoint = (port: number): string => `tcp://${connection.ip}:${port}`;
    // As in jupyter_client, shell and stdin share one identity: the kernel answers input() to the
    // identity the execute request came from.
    const routingId = crypto.randomUUID();
    this.sockets = {
      shell: new zmq.Dealer({ linger: 0, routingId }),
      control: new zmq.Dealer({ linger: 0 }),
      stdin: new zmq.Dealer({ linger: 0, routingId }),
      iopub: new zmq.Subscriber({ linger: 0 }),
      hb: new zmq.Request({ linger: 0, receiveTimeout: 2000 }),
    };
    this.sockets.shell.connect(endpoint(connection.shell_port));
    this.sockets.control.connect(endpoint(connection.control_port));
    this.sockets.stdin.connect(endpoint(connection.stdin_port));
    this.sockets.iopub.connect(endpoint(connection.iopub_port));
    this.sockets.iopub.subscribe();
    this.sockets.hb.connect(endpoint(connection.hb_port));
    for (const channel of ["shell", "control", "stdin", "iopub"] as const) void this.readLoop(channel);
    process.stderr?.on("data", (chunk: Buffer) => {
      this.stderrText += chunk.toString("utf8");
    });
    this.exited = new Promise((resolve) => process.once("exit", (code) => resolve(code)));
  }

  /** Starts a kernel process and waits until it answers on shell and publishes on iopub. */
  static async start(options: StartOptions = {}): Promise<KernelClient> {
    buildStale();
    const connection: ConnectionInfo = {
      transport: "tcp",
      ip: "127.0.0.1",
      key: crypto.randomBytes(16).toString("hex"),
      signature_scheme: "hmac-sha256",
      ...(await kernelPorts()),
    };
    const connectionFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kernel-test-")), "connection.json");
    fs.writeFileSync(connectionFile, JSON.stringify(connection));
    const child = spawn(process.execPath, [kernelMain, connectionFile], {
      cwd: options.cwd ?? projectRoot,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const client = new KernelClient(connection, connectionFile, child);
    await client.waitUntilReady();
    return client;
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** What the kernel wrote to its own stderr (its log). */
  get stderr(): string {
    return this.stderrText;
  }

  private async waitUntilReady(): Promise<void> {
    // iopub subscriptions take a moment to reach the kernel; repeat until the status arrives.
    for (let attempt = 0; attempt < 100; attempt++) {
      const message = this.send("shell", "kernel_info_request", {});
      const seen = await this.inboxes.iopub
        .waitFor((m) => (m.parent_header as Partial<KernelMessage.IHeader>).msg_id === message.header.msg_id, 300)
        .then(
          () => true,
          () => false,
        );
      if (seen) {
        await this.inboxes.shell.waitFor((m) => (m.parent_header as Partial<KernelMessage.IHeader>).msg_id === message.header.msg_id);
        return;
      }
      if (this.process.exitCode !== null) throw new Error(`kernel exited during start: ${this.stderrText}`);
    }
    throw new Error(`kernel did not become ready: ${this.stderrText}`);
  }

  private async readLoop(channel: RequestChannel | "iopub"): Promise<void> {
    try {
      for await (const frames of this.sockets[channel]) {
        if (channel === "iopub") this.rawIopub.push(frames);
        const decoded = decodeFrames(frames, channel, this.signer, Number.MAX_SAFE_INTEGER);
        if (!decoded.ok) throw new Error(`the kernel sent an invalid message on ${channel}: ${decoded.reason}`);
        this.inboxes[channel].push(decoded.envelope.message);
      }
    } catch (error) {
      if (!(error instanceof Error && /closed|terminated/i.test(error.message))) throw error;
    }
  }

  /** Builds, signs and sends a message; returns it (its header.msg_id identifies the answers). */
  send(channel: RequestChannel, msgType: KernelMessage.MessageType, content: object, signer: MessageSigner = this.signer): Message {
    const message = this.factory.create(channel, msgType, content, {});
    void this.sockets[channel].send(encodeFrames({ identities: [], message }, signer));
    return message;
  }

  /** Sends frames exactly as given (for malformed-input tests). */
  sendFrames(channel: RequestChannel, frames: Array<Buffer | string>): Promise<void> {
    return this.sockets[channel].send(frames);
  }

  reply(channel: RequestChannel, request: Message, timeoutMs?: number): Promise<Message> {
    return this.inboxes[channel].waitFor((m) => parentId(m) === request.header.msg_id, timeoutMs, `the reply to ${request.header.msg_type}`);
  }

  /** The iopub messages of a request, once its idle status arrived. */
  async iopubOf(request: Message, timeoutMs?: number): Promise<Message[]> {
    await this.inboxes.iopub.waitFor(
      (m) => parentId(m) === request.header.msg_id && m.header.msg_type === "status" && (m.content as { execution_state?: string }).execution_state === "idle",
      timeoutMs,
      `idle after ${request.header.msg_type}`,
    );
    return this.inboxes.iopub.messages.filter((m) => parentId(m) === request.header.msg_id);
  }

  /** Sends a request and collects its reply and its iopub messages. */
  async request(channel: "shell" | "control", msgType: KernelMessage.MessageType, content: object, timeoutMs?: number): Promise<ExecuteResult> {
    const message = this.send(channel, msgType, content);
    const reply = await this.reply(channel, message, timeoutMs);
    const iopub = await this.iopubOf(message, timeoutMs);
    return { reply, iopub, outputs: iopub.filter((m) => m.header.msg_type !== "status" && m.header.msg_type !== "execute_input") };
  }

  execute(code: string, options: Partial<KernelMessage.IExecuteRequestMsg["content"]> = {}, timeoutMs?: number): Promise<ExecuteResult> {
    return this.request(
      "shell",
      "execute_request",
      { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true, ...options },
      timeoutMs,
    );
  }

  async heartbeat(): Promise<boolean> {
    try {
      await this.sockets.hb.send("ping");
      const [echo] = await this.sockets.hb.receive();
      return echo?.toString() === "ping";
    } catch {
      return false;
    }
  }

  /** Resolves with the exit code once the kernel process ended. */
  exit(timeoutMs = 15_000): Promise<number | null> {
    return Promise.race([this.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the kernel did not exit")), timeoutMs).unref())]);
  }

  /** Asks the kernel to shut down, kills it if it does not, and closes the sockets. */
  async close(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.send("control", "shutdown_request", { restart: false });
      await this.exit(8000).catch(() => this.process.kill("SIGKILL"));
    }
    for (const socket of Object.values(this.sockets)) socket.close();
    fs.rmSync(path.dirname(this.connectionFile), { recursive: true, force: true });
  }
}

export function parentId(message: Message): string | undefined {
  return (message.parent_header as Partial<KernelMessage.IHeader>).msg_id;
}

export function textOf(messages: Message[], stream: "stdout" | "stderr"): string {
  return messages
    .filter((m) => m.header.msg_type === "stream" && (m.content as { name: string }).name === stream)
    .map((m) => (m.content as { text: string }).text)
    .join("");
}

/** Sends an execute_request without waiting for its reply (for cells that are interrupted or fed input). */
export function sendExecute(kernel: KernelClient, code: string, options: Partial<KernelMessage.IExecuteRequestMsg["content"]> = {}): Message {
  return kernel.send("shell", "execute_request", {
    code,
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: false,
    ...options,
  });
}

/** Waits until the cell is running (its execute_input arrived, plus a moment to enter its loop). */
export async function whenRunning(kernel: KernelClient, request: Message): Promise<void> {
  await kernel.inboxes.iopub.waitFor((m) => parentId(m) === request.header.msg_id && m.header.msg_type === "execute_input");
  await new Promise((resolve) => setTimeout(resolve, 200));
}

/** Waits until the cell printed `text` on stdout (e.g. an asynchronous cell that reached its await). */
export async function whenPrinted(kernel: KernelClient, request: Message, text: string): Promise<void> {
  await kernel.inboxes.iopub.waitFor((m) => parentId(m) === request.header.msg_id && textOf([m], "stdout").includes(text));
}
