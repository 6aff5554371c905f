import fs from "node:fs";

/**
 * The kernel's own log: straight to file descriptor 2, never through process.stderr, which the
 * kernel redirects into the running cell's output while cells run.
 */
export function logKernel(message: string): void {
  try {
    fs.writeSync(2, `[typescript-course kernel] ${message}\n`);
  } catch {
    // Nowhere left to report to.
  }
}
