// A private redis-server for one test file's distributed runners: started before the file's tests,
// stopped after them. Its processes are children of the test process that are meant to stay.
import { afterAll, beforeAll } from "vitest";
import { startRedisServer, type RedisServer } from "../../lib/redis";
import { childPids } from "./processes";

export interface TestRedis {
  /** The server, from the file's first test on. */
  readonly server: RedisServer;
  /** This process's children other than the server's: what a test must not leave behind. */
  strayChildren(): number[];
}

/** Call at the top of a test file. */
export function useRedisServer(): TestRedis {
  let started: RedisServer | undefined;
  let serverPids: number[] = [];
  beforeAll(async () => {
    const before = childPids();
    started = await startRedisServer();
    serverPids = childPids().filter((pid) => !before.includes(pid));
  });
  afterAll(async () => {
    await started?.stop();
  });
  return {
    get server(): RedisServer {
      if (started === undefined) throw new Error("the test Redis server is there from the file's first test on, not before");
      return started;
    },
    strayChildren: () => childPids().filter((pid) => !serverPids.includes(pid)),
  };
}
