// A cell that stops early (a runtime error, an interrupt) keeps what it declared before it stopped,
// as IPython does: `let spins = 0; while (true) spins++` interrupted leaves `spins` with its count.
//
// tslab compiles a cell's top-level names to `exports.<name>`, assigned where each declaration runs,
// and opens the compiled code with one `exports.a = exports.b = void 0;` line that clears them all.
// That line goes: a name the cell did not reach keeps its earlier value (or stays undefined), and the
// cell's declarations are kept for the names it did assign, the earlier ones restored for the rest.
type TypeScriptApi = typeof import("@tslab/typescript-for-tslab");
type Statement = import("@tslab/typescript-for-tslab").Statement;
type SourceFile = import("@tslab/typescript-for-tslab").SourceFile;

const exportHoisting = /^(?:exports\.[\w$]+ = )+void 0;\n?/gm;

/** The compiled cell without its export-clearing line(s), and the names those lines listed. */
export function withoutExportHoisting(output: string): { code: string; declaredNames: Set<string> } {
  const declaredNames = new Set<string>();
  const code = output.replace(exportHoisting, (line) => {
    for (const match of line.matchAll(/exports\.([\w$]+) = /g)) declaredNames.add(match[1]);
    return "";
  });
  return { code, declaredNames };
}

/** One top-level declaration of a .d.ts text, with the names it declares. */
interface Piece {
  names: string[];
  text: string;
}

function namesOf(ts: TypeScriptApi, statement: Statement): string[] {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    const bindings = clause?.namedBindings;
    const named = bindings === undefined ? [] : ts.isNamespaceImport(bindings) ? [bindings.name.text] : bindings.elements.map((element) => element.name.text);
    return [...(clause?.name !== undefined ? [clause.name.text] : []), ...named];
  }
  const name = (statement as { name?: { text?: unknown } }).name?.text;
  return typeof name === "string" ? [name] : [];
}

/** The declarations of a .d.ts text, a variable statement split into one piece per variable. */
function piecesOf(ts: TypeScriptApi, declarations: string): Piece[] {
  const file: SourceFile = ts.createSourceFile("declarations.d.ts", declarations, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return file.statements.flatMap((statement): Piece[] => {
    if (!ts.isVariableStatement(statement)) return [{ names: namesOf(ts, statement), text: statement.getFullText(file).trim() }];
    const list = statement.declarationList.declarations;
    const prefix = declarations.slice(statement.getStart(file), list[0]?.getStart(file) ?? statement.getStart(file));
    return list.map((declaration) => ({
      names: ts.isIdentifier(declaration.name) ? [declaration.name.text] : [],
      text: `${prefix}${declaration.getText(file)};`,
    }));
  });
}

/**
 * The declarations to keep after a cell stopped early: `next` (what the cell would have left had it
 * finished) without the names it declared but never assigned, whose `previous` declarations return.
 */
export function declarationsAfterUnfinishedCell(
  ts: TypeScriptApi,
  previous: string,
  next: string,
  declaredNames: ReadonlySet<string>,
  assignedNames: ReadonlySet<string>,
): string {
  const unreached = new Set([...declaredNames].filter((name) => !assignedNames.has(name)));
  if (unreached.size === 0) return next;
  const reached = (piece: Piece): boolean => piece.names.length === 0 || piece.names.some((name) => !unreached.has(name));
  const kept = piecesOf(ts, next).filter(reached);
  const restored = piecesOf(ts, previous).filter((piece) => piece.names.some((name) => unreached.has(name)));
  return [...kept, ...restored].map((piece) => `${piece.text}\n`).join("");
}
