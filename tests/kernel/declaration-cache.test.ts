import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { DeclarationCache } from "../../kernel/engine/declaration-cache";

let root: string;
let folder: string;
let source: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "declaration-cache-"));
  folder = path.join(root, "shapes");
  source = path.join(folder, "index.ts");
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(root, "tsconfig.json"), '{ "compilerOptions": { "strict": true } }\n');
  fs.writeFileSync(source, "export const sides = 4;\n");
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const declaration = "export declare const sides = 4;\n";

function saveShapes(cache: DeclarationCache, roots = [source]): void {
  cache.save([folder], roots, new Map([[source, fs.readFileSync(source, "utf8")]]), new Map([[path.join(folder, "index.d.ts"), declaration]]));
}

test("saved declarations load again while the sources are unchanged", () => {
  saveShapes(new DeclarationCache(root));
  const loaded = new DeclarationCache(root).load([folder], [source]);
  expect(loaded?.declarations).toEqual(new Map([[path.join(folder, "index.d.ts"), declaration]]));
  expect(loaded?.sources).toEqual([source]);
});

test("an edited source, a changed tsconfig.json or a different set of roots is a miss", () => {
  const cache = new DeclarationCache(root);
  saveShapes(cache);
  fs.writeFileSync(source, "export const sides = 5;\n");
  expect(cache.load([folder], [source])).toBeUndefined();

  fs.writeFileSync(source, "export const sides = 4;\n");
  expect(cache.load([folder], [source])).toBeDefined();
  fs.writeFileSync(path.join(root, "tsconfig.json"), '{ "compilerOptions": { "strict": false } }\n');
  expect(cache.load([folder], [source])).toBeUndefined();

  saveShapes(cache);
  expect(cache.load([folder], [source, path.join(folder, "extra.ts")])).toBeUndefined();
});

test("saving deletes the entries of folders that no longer exist", () => {
  const cache = new DeclarationCache(root);
  const scratch = path.join(root, "scratch");
  fs.mkdirSync(scratch);
  const scratchSource = path.join(scratch, "index.ts");
  fs.writeFileSync(scratchSource, "export {};\n");
  cache.save([scratch], [scratchSource], new Map([[scratchSource, "export {};\n"]]), new Map());
  const entries = (): string[] => fs.readdirSync(path.join(root, "build", "declarations"));
  expect(entries()).toHaveLength(1);
  fs.rmSync(scratch, { recursive: true });
  saveShapes(cache);
  expect(entries()).toEqual([expect.stringMatching(/^shapes-[0-9a-f]{8}\.json$/)]);
});
