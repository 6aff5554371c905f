// @ts-check
// How `npm test` (scripts/test.cjs) and `npm run test:nodes` read a vitest run: its last
// "N passed, M failed" line (tests/support/count-reporter.mts prints it) and its exit status.

/**
 * The run's counts. A run that printed no count failed before it could count, and one that exited
 * non-zero after counting no failure failed in vitest's own process (a global setup or its
 * teardown, its error printed above): each counts as one failure, and `why` says which.
 * @param {{ status: number | null, output: string }} run
 * @returns {{ passed: number, failed: number, why?: string }}
 */
function countsOfVitestRun({ status, output }) {
  const last = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
  if (last === undefined) return { passed: 0, failed: 1, why: `vitest exited with status ${status} before it printed a count` };
  const counted = { passed: Number(last[1]), failed: Number(last[2]) };
  if (counted.failed > 0 || status === 0) return counted;
  return { ...counted, failed: 1, why: `vitest exited with status ${status} although every test passed: its error is printed above` };
}

module.exports = { countsOfVitestRun };
