// Finds the identifiers a function reads from outside its own body, before the
// function is shipped to a worker by source (where those variables do not exist).
// A parse with the TypeScript compiler API; names declared anywhere inside the
// function count as its own, which can miss a shadowing corner case. The worker-side
// ReferenceError is translated into the same error, so nothing slips through unexplained.
import type * as TypeScript from "typescript";

/** Globals a worker thread or child process has, so using them is fine. */
const workerGlobals = new Set(
  [
    // ECMAScript
    "globalThis Infinity NaN undefined eval isFinite isNaN parseFloat parseInt",
    "decodeURI decodeURIComponent encodeURI encodeURIComponent escape unescape",
    "Object Function Array Number Boolean String Symbol BigInt Date RegExp Error",
    "AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError",
    "Promise Proxy Reflect Map Set WeakMap WeakSet WeakRef FinalizationRegistry",
    "ArrayBuffer SharedArrayBuffer DataView Atomics JSON Math Intl WebAssembly",
    "Int8Array Uint8Array Uint8ClampedArray Int16Array Uint16Array Int32Array Uint32Array",
    "Float32Array Float64Array BigInt64Array BigUint64Array",
    // Node.js and web globals present in workers and children
    "global process Buffer console require module exports __filename __dirname",
    "setTimeout clearTimeout setInterval clearInterval setImmediate clearImmediate",
    "queueMicrotask structuredClone fetch Headers Request Response FormData Blob File",
    "URL URLSearchParams TextEncoder TextDecoder AbortController AbortSignal Event",
    "EventTarget MessageChannel MessagePort MessageEvent BroadcastChannel DOMException",
    "performance crypto atob btoa arguments",
  ].flatMap((line) => line.split(" ")),
);

let typescript: typeof TypeScript | undefined;

function loadTypeScript(): typeof TypeScript {
  // Loaded on first use: the compiler is large and only needed when shipping functions.
  typescript ??= require("typescript") as typeof TypeScript;
  return typescript;
}

const cache = new Map<string, string[]>();

/** Identifiers `source` (a function's text) reads but neither declares nor gets from the worker's globals. */
export function outerVariablesOf(source: string): string[] {
  const cached = cache.get(source);
  if (cached !== undefined) return cached;
  const ts = loadTypeScript();
  const file = ts.createSourceFile("shipped-function.js", `(${source})`, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declared = new Set<string>();
  const used = new Set<string>();

  const declare = (name: TypeScript.BindingName | TypeScript.Identifier | undefined): void => {
    if (name === undefined) return;
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) declare(element.name);
  };

  const visit = (node: TypeScript.Node): void => {
    if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) declare(node.name);
    else if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name)
      declare(node.name);
    if (ts.isIdentifier(node) && isReference(ts, node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  const outer = [...used].filter((name) => !declared.has(name) && !workerGlobals.has(name));
  cache.set(source, outer);
  return outer;
}

/** False for identifiers that name a property, key, label or declaration rather than read a variable. */
function isReference(ts: typeof TypeScript, node: TypeScript.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (
    (ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent)) &&
    parent.name === node
  )
    return false;
  if ((ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) && parent.label === node) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return false;
  if (ts.isMetaProperty(parent)) return false;
  return true;
}
