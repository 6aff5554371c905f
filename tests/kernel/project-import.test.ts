import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import type { KernelMessage } from "@jupyterlab/services";
import { projectRoot } from "../../lib/project/build.cjs";
import { KernelClient, type Message } from "../support/kernel-client";

function resultText(outputs: Message[]): string {
  const result = outputs.find((m) => m.header.msg_type === "execute_result");
  if (result === undefined) throw new Error(`no result: ${JSON.stringify(outputs.map((m) => m.content))}`);
  return String((result.content as { data: Record<string, unknown> }).data["text/plain"]);
}

// A scratch project folder under the root (dot-named, so the project's type check skips it).
const scratch = path.join(__dirname, `.scratch-${process.pid}`);
const scratchBuild = path.join(projectRoot, "build", path.relative(projectRoot, scratch));

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync(scratchBuild, { recursive: true, force: true });
});

test("a cell imports project TypeScript files relatively, type-checked, run from build/", async () => {
  const kernel = await KernelClient.start({ cwd: __dirname });
  try {
    const imported = await kernel.execute(
      'import { area, largerOr, scopesClosed, loadedFrom, type Rectangle } from "./fixtures/geometry";\nconst square: Rectangle = { width: 3, height: 3 };\n[area(square), largerOr(2, 5), scopesClosed(4)]',
    );
    expect(imported.reply.content).toMatchObject({ status: "ok" });
    expect(resultText(imported.outputs)).toBe("[ 9, 5, 4 ]");
    const where = await kernel.execute("loadedFrom");
    expect(resultText(where.outputs)).toBe(`'${path.join(projectRoot, "build", "tests", "kernel", "fixtures", "geometry", "index.js")}'`);
    const typeError = await kernel.execute("area({ width: 1 })");
    const error = typeError.outputs.find((m) => m.header.msg_type === "error")?.content as KernelMessage.IErrorMsg["content"];
    expect(error.evalue).toContain("Rectangle");
  } finally {
    await kernel.close();
  }
});

test("an edited project file is picked up by the next cell, with the modules that import it", async () => {
  fs.mkdirSync(path.join(scratch, "mathlib"), { recursive: true });
  fs.mkdirSync(path.join(scratch, "notebooks"), { recursive: true });
  const doubleFile = path.join(scratch, "mathlib", "double.ts");
  fs.writeFileSync(doubleFile, "export function double(n: number): number {\n  return n * 2;\n}\n");
  fs.writeFileSync(
    path.join(scratch, "mathlib", "index.ts"),
    'import { double } from "./double";\nexport function quadruple(n: number): number {\n  return double(double(n));\n}\nexport { double };\n',
  );
  const kernel = await KernelClient.start({ cwd: path.join(scratch, "notebooks") });
  try {
    const first = await kernel.execute('import { quadruple } from "../mathlib";\nquadruple(1)');
    expect(resultText(first.outputs)).toBe("4");
    // A new mtime in the past second would be missed by coarse file systems; move it forward.
    fs.writeFileSync(doubleFile, "export function double(n: number): number {\n  return n * 3;\n}\nexport const factor: string = 'three';\n");
    const later = new Date(Date.now() + 2000);
    fs.utimesSync(doubleFile, later, later);
    const second = await kernel.execute('import { quadruple } from "../mathlib";\nquadruple(1)');
    expect(resultText(second.outputs)).toBe("9");
    const typed = await kernel.execute('import { factor } from "../mathlib/double";\nconst word: string = factor;\nword');
    expect(resultText(typed.outputs)).toBe("'three'");
  } finally {
    await kernel.close();
  }
});

test("a later kernel reads the declarations of unchanged sources from build/declarations, without loading TypeScript; an edit is seen", async () => {
  const project = path.join(scratch, "cached");
  fs.mkdirSync(path.join(project, "shapes"), { recursive: true });
  fs.mkdirSync(path.join(project, "notebooks"), { recursive: true });
  const shapes = path.join(project, "shapes", "index.ts");
  fs.writeFileSync(shapes, "export function side(length: number) {\n  return { length, unit: 'cm' };\n}\n");
  const compilerLoaded = 'Object.keys(require.cache).some((file) => file.endsWith("/node_modules/typescript/lib/typescript.js"))';
  const firstImport = async (code: string): Promise<{ result: string; compilerLoaded: string }> => {
    const kernel = await KernelClient.start({ cwd: path.join(project, "notebooks") });
    try {
      const imported = await kernel.execute(`import { side } from "../shapes";\n${code}`);
      expect(imported.reply.content, JSON.stringify(imported.reply.content)).toMatchObject({ status: "ok" });
      return { result: resultText(imported.outputs), compilerLoaded: resultText((await kernel.execute(compilerLoaded)).outputs) };
    } finally {
      await kernel.close();
    }
  };
  expect(await firstImport("side(2).unit")).toEqual({ result: "'cm'", compilerLoaded: "true" });
  expect(await firstImport("side(3).length")).toEqual({ result: "3", compilerLoaded: "false" });
  // The inferred return type changes with the edit: a stale declaration would reject `.label`.
  fs.writeFileSync(shapes, "export function side(length: number) {\n  return { length, unit: 'cm', label: `${length} cm` };\n}\n");
  expect(await firstImport("side(4).label")).toEqual({ result: "'4 cm'", compilerLoaded: "true" });
});

test("await import() loads an ESM-only package file", async () => {
  const esm = path.join(scratch, "esm-only.mjs");
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(esm, "export const flavour = 'esm';\n");
  const kernel = await KernelClient.start({ cwd: scratch });
  try {
    const { outputs } = await kernel.execute(`const loaded = await import(${JSON.stringify(esm)});\nloaded.flavour`);
    expect(resultText(outputs)).toBe("'esm'");
  } finally {
    await kernel.close();
  }
});

test("in a folder outside any project, cells still see the kernel's globals, type-checked", async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "kernel-outside-"));
  const kernel = await KernelClient.start({ cwd: outside });
  try {
    const shown = await kernel.execute('display({ "text/html": "<b>shown</b>" });\ncellSignal().aborted');
    expect(shown.reply.content, JSON.stringify(shown.reply.content)).toMatchObject({ status: "ok" });
    expect(shown.outputs.find((m) => m.header.msg_type === "display_data")?.content).toMatchObject({ data: { "text/html": "<b>shown</b>" } });
    expect(resultText(shown.outputs)).toBe("false");
    // Their declarations are checked, not taken as `any`.
    const misused = await kernel.execute("display();");
    expect(misused.reply.content).toMatchObject({ status: "error" });
    expect(JSON.stringify(misused.reply.content)).toMatch(/Expected 1-2 arguments, but got 0/);
  } finally {
    await kernel.close();
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test("from the German edition's folder (notebooks/de), a cell imports ../../lib, runs tasks on threads and prints German tables", async () => {
  const kernel = await KernelClient.start({ cwd: path.join(projectRoot, "notebooks", "de") });
  try {
    const imported = await kernel.execute('import { countPrimesTask, createRunner, setCourseLanguage, table } from "../../lib";\nsetCourseLanguage("de");');
    expect(imported.reply.content).toMatchObject({ status: "ok" });
    const ran = await kernel.execute(
      'const runner = createRunner("threads", { workers: 2 });\nconst primes = await runner.map(countPrimesTask, [100, 1000]);\nawait runner.close();\nprimes',
    );
    expect(resultText(ran.outputs)).toBe("[ 25, 168 ]");
    const shown = await kernel.execute('table([{ kind: "threads", workers: 2, tasksPerSecond: 1234.5 }])');
    const html = String((shown.outputs.find((m) => m.header.msg_type === "execute_result")?.content as { data: Record<string, unknown> }).data["text/html"]);
    expect(html).toContain(">Art</th>");
    expect(html).toContain(">1.235</td>");
  } finally {
    await kernel.close();
  }
});
