// What hover and the kernel's inspect show for lib/index.ts: every export has a description, and
// every value an @example. A failure names the exports that lack them.
import { expect, test } from "vitest";
import { publicExportDocs } from "./public-docs";

const exports = publicExportDocs();

test("the helper reads the exports of lib/index.ts", () => {
  expect(exports.map((entry) => entry.name)).toEqual(expect.arrayContaining(["createRunner", "Runner", "table"]));
});

test("every export has a TSDoc description", () => {
  expect(exports.filter((entry) => entry.description === "").map((entry) => entry.name)).toEqual([]);
});

test("every value export (function, class, constant) has an @example", () => {
  expect(exports.filter((entry) => entry.isValue && !entry.tags.includes("example")).map((entry) => entry.name)).toEqual([]);
});
