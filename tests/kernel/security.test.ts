import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { KernelClient } from "../support/kernel-client";
import { MessageSigner } from "../../kernel/transport/signer";
import { MessageFactory } from "../../kernel/transport/message-factory";

let kernel: KernelClient;
const markerDir = fs.mkdtempSync(path.join(os.tmpdir(), "kernel-forgery-"));

beforeAll(async () => {
  kernel = await KernelClient.start({ env: { TS_COURSE_KERNEL_MAX_MESSAGE_BYTES: "200000" } });
});

afterAll(async () => {
  await kernel?.close();
  fs.rmSync(markerDir, { recursive: true, force: true });
});

function frames(signature: string, message: ReturnType<MessageFactory["create"]>): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) => Buffer.from(JSON.stringify(part)));
  return [Buffer.from("<IDS|MSG>"), Buffer.from(signature), ...parts];
}

async function answeringAgain(): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const answered = await kernel.request("shell", "kernel_info_request", {}, 1_000).then(
      () => true,
      () => false,
    );
    if (answered) return;
  }
  throw new Error("the kernel did not answer kernel_info for 20 s after the oversized message");
}

async function stillWorks(): Promise<void> {
  const { reply } = await kernel.execute("'alive'");
  expect(reply.content).toMatchObject({ status: "ok" });
}

test("a forged execute_request never runs, and no signature leaks for a replay", async () => {
  const marker = path.join(markerDir, "forged-ran");
  const forged = new MessageFactory("attacker").create(
    "shell",
    "execute_request",
    {
      code: `require("fs").writeFileSync(${JSON.stringify(marker)}, "pwned")`,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    },
    {},
  );
  const correctSignature = new MessageSigner(kernel.connection.key).sign(frames("", forged).slice(2));
  const wrongSignature = new MessageSigner("not-the-key").sign(frames("", forged).slice(2));
  await kernel.sendFrames("shell", frames(wrongSignature, forged));
  await kernel.sendFrames("shell", frames("", forged));
  await stillWorks();

  // Everything readable without the key: iopub frames. Replay every hex string seen there as a signature.
  const seen = new Set(
    kernel.rawIopub.flatMap((message) => message.map((frame) => frame.toString("latin1"))).flatMap((text) => text.match(/[0-9a-f]{64}/g) ?? []),
  );
  expect(seen.has(correctSignature)).toBe(false);
  expect(seen.has(wrongSignature)).toBe(false);
  for (const signature of seen) await kernel.sendFrames("shell", frames(signature, forged));
  await stillWorks();

  expect(fs.existsSync(marker)).toBe(false);
  expect(kernel.stderr).toContain("bad or missing signature");
  expect(kernel.stderr).not.toContain(correctSignature);
  expect(kernel.stderr).not.toContain(wrongSignature);
  const iopubText = kernel.rawIopub
    .flat()
    .map((frame) => frame.toString("utf8"))
    .join("\n");
  expect(iopubText).not.toContain("signature");
  expect(iopubText).not.toContain("hmac");
});

test("garbage frames, invalid JSON, unknown types and oversized messages leave the kernel running", async () => {
  const signer = new MessageSigner(kernel.connection.key);
  const signed = (parts: string[]): Buffer[] => {
    const buffers = parts.map((part) => Buffer.from(part));
    return [Buffer.from("<IDS|MSG>"), Buffer.from(signer.sign(buffers)), ...buffers];
  };
  await kernel.sendFrames("shell", ["garbage"]);
  await kernel.sendFrames("shell", ["<IDS|MSG>"]);
  await kernel.sendFrames("shell", signed(["{not json", "{}", "{}", "{}"]));
  await kernel.sendFrames("shell", signed(["[1,2]", "{}", "{}", "{}"]));
  await kernel.sendFrames("shell", signed(['{"msg_id":"x"}', "{}", "{}", "{}"]));
  await kernel.sendFrames("control", [Buffer.from([0xff, 0xfe, 0x00])]);
  await kernel.sendFrames("stdin", signed(['{"msg_id":"y","msg_type":"input_reply"}', "{}", "{}", "null"]));
  kernel.send("shell", "no_such_request" as "kernel_info_request", {});
  // Names of Object.prototype's members are no handlers either.
  kernel.send("shell", "constructor" as "kernel_info_request", {});
  kernel.send("shell", "toString" as "kernel_info_request", {});
  // Oversized: ZeroMQ itself refuses frames above the limit (and drops that connection, which reconnects).
  const marker = path.join(markerDir, "oversized-ran");
  const huge = new MessageFactory("big").create(
    "shell",
    "execute_request",
    {
      code: `require("fs").writeFileSync(${JSON.stringify(marker)}, "${"x".repeat(300_000)}")`,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
    },
    {},
  );
  await kernel.sendFrames("shell", frames(signer.sign(frames("", huge).slice(2)), huge));
  // ZeroMQ drops the connection that carried the oversized frame, and with it whatever this client had
  // already written behind it; the client reconnects. So ask until the kernel answers, then check it works.
  await answeringAgain();
  await stillWorks();
  expect(kernel.stderr).toContain("no <IDS|MSG> delimiter");
  expect(kernel.stderr).toContain("header is not valid JSON");
  expect(fs.existsSync(marker)).toBe(false);
  expect(kernel.stderr).toContain('unknown type "no_such_request"');
  expect(kernel.stderr).toContain('unknown type "constructor"');
  expect(kernel.stderr).toContain('unknown type "toString"');
  expect(await kernel.heartbeat()).toBe(true);
});

test("the connection key is never printed", () => {
  expect(kernel.stderr).not.toContain(kernel.connection.key);
});
