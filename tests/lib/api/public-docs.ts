// Reads the TSDoc of every export of lib/index.ts with the TypeScript compiler, as an editor's
// hover and the kernel's inspect do: what the learner sees, or nothing.
import path from "node:path";
import ts from "typescript";

export interface ExportDoc {
  name: string;
  /** A value (function, class, constant) rather than a type only. */
  isValue: boolean;
  description: string;
  tags: string[];
}

export function publicExportDocs(entry = path.resolve(__dirname, "../../../lib/index.ts")): ExportDoc[] {
  const program = ts.createProgram([entry], {
    strict: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    target: ts.ScriptTarget.ES2022,
    types: ["node"],
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  if (module === undefined) throw new Error(`cannot read the exports of ${entry}`);
  return checker.getExportsOfModule(module).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    return {
      name: exported.name,
      isValue: (symbol.flags & ts.SymbolFlags.Value) !== 0,
      description: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim(),
      tags: symbol.getJsDocTags(checker).map((tag) => tag.name),
    };
  });
}
