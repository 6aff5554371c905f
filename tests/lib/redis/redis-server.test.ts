// The private redis-server: it reports its own end, whoever caused it, and a start that
// cannot work fails at once with the reason instead of waiting for the timeout.
import net from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import { RedisServerStartError, startRedisServer, type RedisServer } from "../../../lib/redis";
import { startLatencyServer } from "../../../lib/workloads/latency-server";

let started: RedisServer[] = [];
afterEach(async () => {
  await Promise.all(started.map((server) => server.stop()));
  started = [];
});

async function start(options: Parameters<typeof startRedisServer>[0] = {}): Promise<RedisServer> {
  const server = await startRedisServer(options);
  started.push(server);
  return server;
}

/** Sends one inline command and resolves with the first reply line. */
function command(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("error", reject);
    socket.once("connect", () => socket.write(`${text}\r\n`));
    socket.once("data", (chunk) => {
      socket.destroy();
      resolve(chunk.toString().split("\r\n")[0] ?? "");
    });
    socket.once("close", () => resolve(""));
  });
}

describe("startRedisServer", () => {
  test("answers on its port; exited resolves when the server stops by itself, not only through stop()", async () => {
    const server = await start();
    expect(await command(server.port, "PING")).toBe("+PONG");
    void command(server.port, "SHUTDOWN NOSAVE");
    const code = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve("still pending"), 20_000))]);
    expect(code).not.toBe("still pending");
    await server.stop(); // safe after it ended by itself
  });

  test("a port another Redis answers on is refused at once, naming it, and the other Redis keeps running", async () => {
    const other = await start();
    const startedAt = Date.now();
    const error: unknown = await startRedisServer({ port: other.port, startTimeoutMs: 30_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedisServerStartError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `did not start on 127\\.0\\.0\\.1:${other.port}: (port ${other.port} is already used by another Redis \\(process \\d+\\); leave out port to get a free one|it exited with code \\d+)`,
      ),
    );
    expect(Date.now() - startedAt).toBeLessThan(25_000);
    expect(await command(other.port, "PING")).toBe("+PONG");
  });

  test("a port something else holds fails with redis-server's own reason long before the timeout", async () => {
    const web = await startLatencyServer();
    try {
      const startedAt = Date.now();
      const error: unknown = await startRedisServer({ port: web.port, startTimeoutMs: 60_000 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedisServerStartError);
      expect((error as Error).message).toMatch(/it exited with code \d+\.\nIts output:\n.*Address already in use/s);
      expect(Date.now() - startedAt).toBeLessThan(50_000);
    } finally {
      await web.stop();
    }
  });
});
