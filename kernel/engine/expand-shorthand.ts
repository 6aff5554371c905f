// tslab's converter rewrites a name declared by an earlier cell to `exports.<name>`, but misses the
// name in a shorthand property: `{ ioMs }` would stay `{ ioMs }` and fail with "ioMs is not defined".
// Writing every shorthand property out (`{ ioMs: ioMs }`) before conversion means the same in
// JavaScript and gives the converter a plain identifier to rewrite.
type TypeScriptApi = typeof import("@tslab/typescript-for-tslab");

/** The cell's source with `{ a }` written as `{ a: a }` (and `{ a = 1 }` patterns as `{ a: a = 1 }`). */
export function expandShorthandProperties(ts: TypeScriptApi, code: string): string {
  // No braces, no object literal: skip the parse, which most short cells would pay for nothing.
  if (!code.includes("{")) return code;
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const insertions: Array<{ at: number; text: string }> = [];
  const visit = (node: import("@tslab/typescript-for-tslab").Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) insertions.push({ at: node.name.end, text: `: ${node.name.text}` });
    ts.forEachChild(node, visit);
  };
  visit(source);
  let expanded = code;
  for (const { at, text } of insertions.sort((a, b) => b.at - a.at)) {
    expanded = expanded.slice(0, at) + text + expanded.slice(at);
  }
  return expanded;
}
