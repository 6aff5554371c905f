// tslab's converter notices a top-level `await` expression but not `for await (…)`: a cell whose
// only await is a for-await loop would run in a plain function and fail with a SyntaxError.
type TypeScriptApi = typeof import("@tslab/typescript-for-tslab");
type Node = import("@tslab/typescript-for-tslab").Node;

/** Whether the cell has a `for await` loop outside any function, so it must run as an async function. */
export function hasTopLevelForAwait(ts: TypeScriptApi, code: string): boolean {
  if (!/\bfor\s+await\b/.test(code)) return false;
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: Node): boolean => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
    if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) return true;
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(source);
}
