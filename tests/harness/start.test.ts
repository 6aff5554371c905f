import { KernelManager, type KernelMessage } from "@jupyterlab/services";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { afterAll, expect, test } from "vitest";
import { freePort } from "../../scripts/jupyter/server";
import { connectionSettings, courseKernelName } from "../../scripts/jupyter/notebook-runner";
import { projectRoot } from "../../lib/project/build.cjs";

let started: ChildProcess | undefined;

function waitForUrl(child: ChildProcess): Promise<URL> {
  return new Promise((resolve, reject) => {
    let printed = "";
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within 60 s:\n${printed}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\S+\?token=\w+/.exec(printed);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[0]));
      }
    });
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}) before printing a URL:\n${printed}`)));
  });
}

/** Processes whose command line mentions the marker, other than this test's own. */
function processesMentioning(marker: string): string[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .flatMap((pid) => {
      try {
        const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
        return commandLine.includes(marker) ? [`${pid}: ${commandLine}`] : [];
      } catch {
        return [];
      }
    });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** How the process ended: its exit code, or the signal that ended it. */
async function waitForExit(child: ChildProcess, ms: number): Promise<number | NodeJS.Signals | null> {
  if (!hasExited(child)) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not stop within ${ms / 1000} s of Ctrl+C`)), ms);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return child.exitCode ?? child.signalCode;
}

afterAll(() => {
  if (started?.pid && !hasExited(started)) process.kill(-started.pid, "SIGKILL");
});

test("npm start serves the notebooks, runs a course kernel, and stops cleanly on Ctrl+C", async () => {
  const port = await freePort();
  started = spawn("npm", ["start", "--", "--port", String(port)], { cwd: projectRoot, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const url = await waitForUrl(started);
  expect(url.port).toBe(String(port));
  const token = url.searchParams.get("token") ?? "";

  const kernels = new KernelManager({ serverSettings: connectionSettings({ baseUrl: `${url.origin}/`, token }) });
  const kernel = await kernels.startNew({ name: courseKernelName });
  const results: KernelMessage.IExecuteResultMsg["content"][] = [];
  const future = kernel.requestExecute({ code: "1 + 1" });
  future.onIOPub = (message) => {
    if (message.header.msg_type === "execute_result") results.push(message.content as KernelMessage.IExecuteResultMsg["content"]);
  };
  const reply = await future.done;
  expect(reply.content.status).toBe("ok");
  expect(results.map((result) => result.data["text/plain"])).toEqual(["2"]);
  kernels.dispose();

  // What a terminal's Ctrl+C does: SIGINT to the whole foreground process group.
  process.kill(-(started.pid ?? 0), "SIGINT");
  // npm re-raises the SIGINT once the script has finished, as a shell expects of Ctrl+C.
  expect([0, "SIGINT"]).toContain(await waitForExit(started, 30_000));
  expect(processesMentioning(token)).toEqual([]);
  expect(processesMentioning(kernel.id), "the kernel outlived its server").toEqual([]);
  expect(processesMentioning(`--port ${port}`)).toEqual([]);
});
