// Entry point: `node build/kernel/main.js <connection_file>` (or `-f <connection_file>`), as the
// kernelspec in kernel/kernelspec/kernel.json starts it.
import { projectRoot } from "../lib/project/build.cjs";
import { readConnectionFile } from "./transport/connection";
import { Kernel } from "./kernel";
import { logKernel } from "./lifecycle/log";

function connectionFileFromArguments(args: string[]): string {
  const flag = args.findIndex((arg) => arg === "-f" || arg === "--connection-file");
  const file = flag >= 0 ? args[flag + 1] : args.find((arg) => !arg.startsWith("-"));
  if (file === undefined) throw new Error("usage: node build/kernel/main.js <connection_file> (or -f <connection_file>)");
  return file;
}

function numberFromEnvironment(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function main(): Promise<void> {
  // Stack traces from lib/ (built with inline source maps) point at the .ts lines learners read.
  process.setSourceMapsEnabled(true);
  const connection = readConnectionFile(connectionFileFromArguments(process.argv.slice(2)));
  const parentPid = numberFromEnvironment("JPY_PARENT_PID", process.ppid);
  const kernel = new Kernel({
    projectRoot,
    connection,
    parentPid,
    maxMessageBytes: numberFromEnvironment("TS_COURSE_KERNEL_MAX_MESSAGE_BYTES", 64 * 1024 * 1024),
    stillBusyAfterMs: numberFromEnvironment("TS_COURSE_KERNEL_STILL_BUSY_MS", 3000),
    forcedExitAfterMs: numberFromEnvironment("TS_COURSE_KERNEL_FORCED_EXIT_MS", 3000),
  });
  await kernel.start();
}

main().catch((error: unknown) => {
  logKernel(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
