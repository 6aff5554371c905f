import type { Reporter, SerializedError, TestModule, TestRunEndReason } from "vitest/node";

/** Ends the run with a plain "N passed, M failed" line that CI and humans can read. */
export default class CountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      let failedTests = 0;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failedTests += 1;
        else skipped += 1;
      }
      // A file can fail without a failing test: an import error, or a beforeAll hook that threw
      // (its tests are then reported skipped). That counts as one failure, never as none.
      failed += testModule.state() === "failed" && failedTests === 0 ? 1 : failedTests;
    }
    // An error no test caught (a rejection after its test ended, say) fails the run as vitest's exit
    // code does, so the count never says "0 failed" for a run that failed.
    failed += unhandledErrors.length;
    // An interrupted run (a bail, Ctrl+C) did not run everything: one failure for what it left out.
    if (reason === "interrupted") failed += 1;
    const unhandled = unhandledErrors.length > 0 ? ` (${unhandledErrors.length} of them outside any test: vitest lists them above as Unhandled Errors)` : "";
    console.log(`\n${passed} passed, ${failed} failed${unhandled}${skipped > 0 ? `, ${skipped} skipped` : ""}`);
  }
}
