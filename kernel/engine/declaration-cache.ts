// The declarations (.d.ts) that the project's TypeScript generates for project sources, kept on disk
// in build/declarations/, so that a kernel's first `import … from "../lib"` reads them instead of
// building a program and type-checking the whole library (about 2 s, on every kernel start).
//
// One entry per set of program roots holds the declarations of every project source of that program
// and the content hashes of those sources. It is used only while every hash still matches and the
// TypeScript version and tsconfig.json are the ones it was made with; anything else rebuilds it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

interface CacheEntry {
  key: string;
  /** Project-relative root folders; an entry whose folder is gone is deleted. */
  rootFolders: string[];
  /** Project-relative source path -> sha1 of its content. */
  sources: Record<string, string>;
  /** Project-relative .d.ts path -> its text. */
  declarations: Record<string, string>;
}

export interface Declarations {
  /** Absolute .d.ts path -> text. */
  declarations: Map<string, string>;
  /** Absolute paths of the project sources they were generated from. */
  sources: string[];
}

function sha1(text: string): string {
  return crypto.createHash("sha1").update(text).digest("hex");
}

/** A source's text as TypeScript reads it (without a byte order mark). */
function contentHash(text: string): string {
  return sha1(text.replace(/^\uFEFF/, ""));
}

export class DeclarationCache {
  private readonly folder: string;

  constructor(private readonly root: string) {
    this.folder = path.join(root, "build", "declarations");
  }

  /** What the declarations depend on besides the sources: the roots, the compiler and its options. */
  private keyOf(roots: readonly string[]): string {
    const relativeRoots = roots.map((file) => this.relative(file)).sort();
    const typescriptVersion = (JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")) as { version: string }).version;
    const configFile = path.join(this.root, "tsconfig.json");
    const config = fs.existsSync(configFile) ? fs.readFileSync(configFile, "utf8") : "";
    return sha1(JSON.stringify({ relativeRoots, typescriptVersion, config }));
  }

  private relative(file: string): string {
    return path.relative(this.root, file).split(path.sep).join("/");
  }

  private absolute(relative: string): string {
    return path.join(this.root, ...relative.split("/"));
  }

  /** One file per set of root folders: a newer entry for the same folders replaces the older one. */
  private entryFile(rootFolders: readonly string[]): string {
    const names = rootFolders.map((folder) => this.relative(folder)).sort();
    const readable =
      names
        .join("+")
        .replace(/[^\w.+-]/g, "_")
        .slice(0, 80) || "root";
    return path.join(this.folder, `${readable}-${sha1(names.join("\n")).slice(0, 8)}.json`);
  }

  /**
   * The stored declarations of a program over `roots` (the sources below `rootFolders`), if every
   * source they came from is unchanged.
   */
  load(rootFolders: readonly string[], roots: readonly string[]): Declarations | undefined {
    let entry: CacheEntry;
    try {
      entry = JSON.parse(fs.readFileSync(this.entryFile(rootFolders), "utf8")) as CacheEntry;
    } catch {
      return undefined;
    }
    if (entry.key !== this.keyOf(roots)) return undefined;
    for (const [relative, hash] of Object.entries(entry.sources)) {
      try {
        if (contentHash(fs.readFileSync(this.absolute(relative), "utf8")) !== hash) return undefined;
      } catch {
        return undefined;
      }
    }
    const declarations = new Map(Object.entries(entry.declarations).map(([relative, text]) => [this.absolute(relative), text]));
    return { declarations, sources: Object.keys(entry.sources).map((relative) => this.absolute(relative)) };
  }

  /**
   * Stores declarations made from `sourceTexts` (each source's text as the program read it). Written
   * aside and renamed, so kernels starting at the same moment read a whole entry or none.
   */
  save(rootFolders: readonly string[], roots: readonly string[], sourceTexts: ReadonlyMap<string, string>, declarations: ReadonlyMap<string, string>): void {
    const entry: CacheEntry = {
      key: this.keyOf(roots),
      rootFolders: rootFolders.map((folder) => this.relative(folder)),
      sources: Object.fromEntries([...sourceTexts].map(([file, text]) => [this.relative(file), contentHash(text)])),
      declarations: Object.fromEntries([...declarations].map(([file, text]) => [this.relative(file), text])),
    };
    const file = this.entryFile(rootFolders);
    const partial = `${file}.${process.pid}.partial`;
    try {
      fs.mkdirSync(this.folder, { recursive: true });
      fs.writeFileSync(partial, JSON.stringify(entry));
      fs.renameSync(partial, file);
      this.deleteEntriesOfVanishedFolders();
    } catch {
      // A read-only checkout still works, only without the cache.
      fs.rmSync(partial, { force: true });
    }
  }

  /** Entries for folders that no longer exist (e.g. a test's scratch project) would only pile up. */
  private deleteEntriesOfVanishedFolders(): void {
    for (const name of fs.readdirSync(this.folder).filter((file) => file.endsWith(".json"))) {
      const file = path.join(this.folder, name);
      try {
        const { rootFolders } = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<CacheEntry>;
        if (!Array.isArray(rootFolders) || rootFolders.some((folder) => !fs.existsSync(this.absolute(folder)))) fs.rmSync(file, { force: true });
      } catch {
        fs.rmSync(file, { force: true });
      }
    }
  }
}
