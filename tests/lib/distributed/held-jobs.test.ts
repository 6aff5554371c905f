// The shared table through which a distributed worker tells its lock keeper which jobs it holds.
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { HeldJobs } from "../../../lib/runners/distributed/worker/held-jobs";

describe("HeldJobs", () => {
  it("lists the jobs held until each is released", () => {
    const held = HeldJobs.create(3);
    const releaseA = held.hold({ jobId: "job-1", token: "worker-a:0" });
    held.hold({ jobId: "job-2", token: "worker-a:1" });
    expect(held.snapshot()).toEqual([
      { jobId: "job-1", token: "worker-a:0" },
      { jobId: "job-2", token: "worker-a:1" },
    ]);
    releaseA();
    expect(held.snapshot()).toEqual([{ jobId: "job-2", token: "worker-a:1" }]);
  });

  it("a stale release does not free the job that took the slot since", () => {
    const held = HeldJobs.create(1);
    const releaseOld = held.hold({ jobId: "job-1", token: "t1" });
    releaseOld();
    held.hold({ jobId: "job-2", token: "t2" });
    releaseOld();
    expect(held.snapshot()).toEqual([{ jobId: "job-2", token: "t2" }]);
  });

  it("refuses more jobs than slots, and ids too long for a slot, with the reason", () => {
    const held = HeldJobs.create(1);
    expect(() => held.hold({ jobId: "x".repeat(600), token: "t" })).toThrow(/take 602 bytes; at most 512 fit/);
    held.hold({ jobId: "job-1", token: "t1" });
    expect(() => held.hold({ jobId: "job-2", token: "t2" })).toThrow(/more jobs held than the worker's concurrency/);
  });

  it("another thread reads what this one wrote, through the shared buffer alone", async () => {
    const held = HeldJobs.create(2);
    held.hold({ jobId: "job-7", token: "täkén:3" });
    const reader = new Worker(
      `const { workerData, parentPort } = require("node:worker_threads");
       const { HeldJobs } = require(${JSON.stringify(require.resolve("../../../build/lib/runners/distributed/worker/held-jobs.js"))});
       parentPort.postMessage(new HeldJobs(workerData).snapshot());`,
      { eval: true, workerData: held.buffer },
    );
    const seen = await new Promise((resolve, reject) => reader.once("message", resolve).once("error", reject));
    expect(seen).toEqual([{ jobId: "job-7", token: "täkén:3" }]);
  });
});
