// Lets cells import the project's own TypeScript files (e.g. `import { x } from "../lib"` from
// notebooks/) although tslab's compiler only accepts sources below the cell's working directory.
//
// Choice: cells are type-checked against declaration files (.d.ts) that the project's real
// TypeScript (5.9) generates in memory from those sources, and run against the CommonJS files in
// build/ (the same files workers and child processes load, so `__dirname` there is right).
// tslab's compiler (a TypeScript 5.0 fork) therefore never parses the sources themselves: newer
// syntax stays inside 5.9's hands, and tslab sees each project .ts file as its .d.ts sibling
// (the .ts file is hidden from it). With skipLibCheck, types 5.0 does not know (e.g. NoInfer)
// degrade to `any` instead of failing the cell.
//
// Generating declarations means building a program and type-checking the library (about 2 s), so
// they are kept in build/declarations/ (declaration-cache.ts): a kernel whose sources are unchanged
// reads them and never loads 5.9. The first folder imported from is the program's root folder;
// for lib/ (what notebooks import) that is all of lib/, so every later import is already covered.
import fs from "node:fs";
import path from "node:path";
import Module from "node:module";
import type * as TypeScript from "typescript";
import { builtPathOf, buildFile, buildStale, projectRoot, sourceFolders } from "../../lib/project/build.cjs";
import { DeclarationCache } from "./declaration-cache";

/** The parts of a TypeScript `System` this module takes over (shared by the 5.0 fork and 5.9). */
interface PatchableSystem {
  fileExists(path: string): boolean;
  readFile(path: string, encoding?: string): string | undefined;
  getModifiedTime?(path: string): Date | undefined;
  watchFile?(path: string, callback: (fileName: string, kind: number) => void, interval?: number): { close(): void };
  watchDirectory?(path: string, callback: (fileName: string) => void, recursive?: boolean): { close(): void };
}

const FILE_CHANGED = 1;

export class ProjectModules {
  /** Declarations by .d.ts path, of every project source in `tracked`. Replaced when one changes. */
  private declarations = new Map<string, string>();
  /** Folders imported from; every source below them is a root of the 5.9 program. */
  private readonly rootFolders = new Set<string>();
  /** Every project source the declarations were made from, with the mtime it had then. */
  private tracked = new Map<string, number>();
  private program: TypeScript.Program | undefined;
  private readonly fileWatchers = new Map<string, Set<(fileName: string, kind: number) => void>>();

  private readonly cache = new DeclarationCache(projectRoot);

  /** A .ts file of the project (not in node_modules or build/) that exists on disk. */
  isProjectSource(file: string): boolean {
    if (!file.endsWith(".ts") || file.endsWith(".d.ts")) return false;
    const relative = path.relative(projectRoot, file);
    if (relative.startsWith("..") || path.isAbsolute(relative)) return false;
    const segments = relative.split(path.sep);
    if (segments.includes("node_modules") || segments[0] === "build") return false;
    return fs.existsSync(file);
  }

  private sourceOfDeclaration(file: string): string | undefined {
    if (!file.endsWith(".d.ts")) return undefined;
    const source = file.slice(0, -".d.ts".length) + ".ts";
    return this.isProjectSource(source) && !fs.existsSync(file) ? source : undefined;
  }

  /** Routes the cell compiler's file system through this module (see the comment at the top). */
  install(system: PatchableSystem): void {
    const fileExists = system.fileExists.bind(system);
    const readFile = system.readFile.bind(system);
    const getModifiedTime = system.getModifiedTime?.bind(system);
    system.fileExists = (file) => {
      if (this.isProjectSource(file)) return false;
      if (this.sourceOfDeclaration(file) !== undefined) return true;
      return fileExists(file);
    };
    system.readFile = (file, encoding) => {
      const source = this.sourceOfDeclaration(file);
      if (source !== undefined) return this.declarationOf(source);
      return readFile(file, encoding);
    };
    if (getModifiedTime !== undefined) {
      system.getModifiedTime = (file) => {
        const source = this.sourceOfDeclaration(file);
        return source !== undefined ? fs.statSync(source).mtime : getModifiedTime(file);
      };
    }
    // Change notices come from refresh(), at the start of each request, not from polling timers
    // that would keep running in the kernel.
    system.watchFile = (file, callback) => {
      const callbacks = this.fileWatchers.get(file) ?? new Set();
      callbacks.add(callback);
      this.fileWatchers.set(file, callbacks);
      return { close: () => callbacks.delete(callback) };
    };
    system.watchDirectory = () => ({ close: () => undefined });
  }

  /**
   * Makes sure build/declarations/ holds current declarations for the program that an import of
   * `source` builds (setup calls this for lib/, so even a kernel's first import finds them).
   * Returns whether they had to be generated.
   */
  prepareDeclarations(source: string): boolean {
    this.rootFolders.add(this.rootFolderOf(source));
    this.loadDeclarations();
    return this.program !== undefined;
  }

  /** The declaration text of one project source; the first one asked for below a new folder loads or makes them all. */
  private declarationOf(source: string): string {
    if (!this.tracked.has(source)) {
      this.rootFolders.add(this.rootFolderOf(source));
      this.loadDeclarations();
    }
    return this.declarations.get(source.slice(0, -".ts".length) + ".d.ts") ?? "export {};\n";
  }

  /** lib/, kernel/ and scripts/ are imported as a whole; any other file with its own folder. */
  private rootFolderOf(source: string): string {
    const topFolder = path.relative(projectRoot, source).split(path.sep)[0] ?? "";
    return sourceFolders.includes(topFolder) ? path.join(projectRoot, topFolder) : path.dirname(source);
  }

  private roots(): string[] {
    return [...this.rootFolders].flatMap((folder) => this.sourcesBelow(folder)).sort();
  }

  private sourcesBelow(folder: string): string[] {
    const entries = fs.readdirSync(folder, { recursive: true, encoding: "utf8" });
    return entries.map((entry) => path.join(folder, entry)).filter((file) => this.isProjectSource(file));
  }

  /** The declarations of every source below the root folders: from the cache, or made and cached. */
  private loadDeclarations(): void {
    const folders = [...this.rootFolders];
    const roots = this.roots();
    const cached = this.cache.load(folders, roots);
    if (cached !== undefined) {
      this.declarations = cached.declarations;
      this.track(cached.sources);
      return;
    }
    const program = this.createProgram(roots);
    const declarations = new Map<string, string>();
    program.emit(undefined, (fileName, text) => declarations.set(path.normalize(fileName), text), undefined, true);
    const sources = program.getSourceFiles().filter((sourceFile) => this.isProjectSource(path.normalize(sourceFile.fileName)));
    this.declarations = declarations;
    this.track(sources.map((sourceFile) => path.normalize(sourceFile.fileName)));
    this.cache.save(folders, roots, new Map(sources.map((sourceFile) => [path.normalize(sourceFile.fileName), sourceFile.text])), declarations);
  }

  private track(sources: string[]): void {
    this.tracked = new Map(sources.map((file) => [file, fs.statSync(file).mtimeMs]));
  }

  private createProgram(roots: string[]): TypeScript.Program {
    // Loaded only when the cache cannot answer: a kernel with unchanged sources never pays for it.
    const ts = require("typescript") as typeof TypeScript;
    this.program = ts.createProgram({ rootNames: roots, options: this.compilerOptions(ts), oldProgram: this.program });
    return this.program;
  }

  private compilerOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
    const configFile = path.join(projectRoot, "tsconfig.json");
    const base = fs.existsSync(configFile)
      ? (ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })?.options ?? {})
      : {};
    return {
      ...base,
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      declarationMap: false,
      outDir: undefined,
      declarationDir: undefined,
      rootDir: undefined,
      skipLibCheck: true,
    };
  }

  /**
   * Picks up edits of tracked sources: declarations are regenerated on next use, the cell compiler
   * is told, and the built modules (plus every module that imports them) leave require's cache.
   */
  refresh(): void {
    const changed = [...this.tracked].filter(([file, mtime]) => {
      try {
        return fs.statSync(file).mtimeMs !== mtime;
      } catch {
        return true;
      }
    });
    if (changed.length === 0) return;
    this.loadDeclarations();
    for (const [file, callbacks] of this.fileWatchers) {
      if (this.sourceOfDeclaration(file) !== undefined) for (const callback of callbacks) callback(file, FILE_CHANGED);
    }
    forgetModules(changed.map(([file]) => builtPathOf(file)));
  }

  /**
   * `require` for cells: a relative or absolute request that names a project source loads its
   * built JavaScript (built first if stale); anything else resolves from `fromDir` as usual.
   */
  createRequire(fromDir: string): NodeJS.Require {
    const plain = Module.createRequire(path.join(fromDir, "__cell__.js"));
    const projectRequire = ((request: string): unknown => {
      const source = request.startsWith(".") || path.isAbsolute(request) ? this.resolveSource(path.resolve(fromDir, request)) : undefined;
      return source === undefined ? plain(request) : plain(this.ensureBuilt(source));
    }) as NodeJS.Require;
    return Object.assign(projectRequire, { resolve: plain.resolve, cache: plain.cache, main: plain.main, extensions: plain.extensions });
  }

  private resolveSource(target: string): string | undefined {
    const bare = target.replace(/\.(js|ts)$/, "");
    return [`${bare}.ts`, path.join(bare, "index.ts")].find((candidate) => this.isProjectSource(candidate));
  }

  /** Makes sure the built JavaScript of `source` and of the project files it imports is current. */
  private ensureBuilt(source: string): string {
    if (!this.tracked.has(source)) this.declarationOf(source);
    buildStale();
    for (const file of this.tracked.keys()) {
      const topFolder = path.relative(projectRoot, file).split(path.sep)[0] ?? "";
      if (!sourceFolders.includes(topFolder)) buildFile(file);
    }
    return builtPathOf(source);
  }
}

/** Removes modules from require's cache, and with them every cached module that imports them. */
function forgetModules(files: string[]): void {
  const cache = require.cache;
  const importers = new Map<string, string[]>();
  for (const [id, cached] of Object.entries(cache)) {
    for (const child of cached?.children ?? []) importers.set(child.id, [...(importers.get(child.id) ?? []), id]);
  }
  const pending = [...files];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    delete cache[file];
    pending.push(...(importers.get(file) ?? []));
  }
}
