import path from "node:path";

/**
 * Translates stack frames of compiled cells back to the cell's own lines.
 *
 * tslab's converter returns no source map (its compiler options are fixed inside it), so lines are
 * matched by text: the compiled line, with the `exports.` prefixes tslab adds removed, is looked up
 * among the cell's lines (exact match first, else the line sharing the longest common substring).
 * Types are erased by compilation, so the match is the best, not always the exact, line.
 */
export class CellLineMapper {
  private readonly cells = new Map<string, { source: string[]; compiled: string[]; headerLines: number }>();
  private readonly kernelDirectory = path.resolve(__dirname, "..");

  remember(filename: string, source: string, compiled: string, headerLines: number): void {
    this.cells.set(filename, { source: source.split("\n"), compiled: compiled.split("\n"), headerLines });
  }

  /** The frame pointing into the cell, the frame unchanged, or undefined once the kernel's own frames begin. */
  mapFrame(frame: string): string | undefined {
    if (frame.includes(this.kernelDirectory) || frame.includes("node:vm")) return undefined;
    const position = /(cell\[\d+\]):(\d+):\d+/.exec(frame);
    if (position !== null) {
      const cell = this.cells.get(position[1] ?? "");
      // The call of the wrapper around the cell: the kernel's frames come next.
      if (cell !== undefined && cell.compiled[Number(position[2]) - 1 - cell.headerLines] === undefined) return undefined;
    }
    return frame.replace(/(cell\[\d+\]):(\d+):(\d+)/, (whole, filename: string, line: string, column: string) => {
      const cell = this.cells.get(filename);
      if (cell === undefined) return whole;
      const compiledLine = cell.compiled[Number(line) - 1 - cell.headerLines];
      if (compiledLine === undefined) return whole;
      const sourceLine = bestMatchingLine(cell.source, compiledLine);
      const sourceText = cell.source[sourceLine] ?? "";
      const token = /^[\w$]+/.exec(compiledLine.slice(Number(column) - 1))?.[0];
      const found = token === undefined ? -1 : sourceText.indexOf(token);
      const sourceColumn = found >= 0 ? found : sourceText.length - sourceText.trimStart().length;
      return `${filename}:${sourceLine + 1}:${sourceColumn + 1}`;
    });
  }
}

function normalize(line: string): string {
  return line
    .replace(/\bexports\./g, "")
    .replace(/\s+/g, "")
    .replace(/;$/, "");
}

function bestMatchingLine(source: readonly string[], compiledLine: string): number {
  const wanted = normalize(compiledLine);
  const normalized = source.map(normalize);
  const exact = normalized.indexOf(wanted);
  if (exact >= 0) return exact;
  let best = 0;
  let bestScore = -1;
  normalized.forEach((candidate, index) => {
    const score = longestCommonSubstring(candidate, wanted);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

function longestCommonSubstring(a: string, b: string): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] === b[j - 1]) {
        current[j] = (previous[j - 1] ?? 0) + 1;
        if ((current[j] ?? 0) > best) best = current[j] ?? 0;
      }
    }
    previous = current;
  }
  return best;
}
