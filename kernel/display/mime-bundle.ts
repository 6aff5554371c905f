// Turns what a cell displays or returns into the mime bundle a message carries; lib/plot/mime.ts
// defines the protocol values follow to render themselves.
import util from "node:util";
import type * as nbformat from "@jupyterlab/nbformat";
import { mimeBundleSymbol } from "../../lib/plot/mime";

/** A bundle as display_data, execute_result and user_expressions carry it, on its way out as JSON. */
export type OutputBundle = nbformat.IMimeBundle;

function ownBundleOf(value: unknown): OutputBundle | undefined {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return undefined;
  const method = (value as Record<symbol, unknown>)[mimeBundleSymbol];
  if (typeof method !== "function") return undefined;
  const bundle: unknown = method.call(value);
  if (typeof bundle !== "object" || bundle === null) {
    throw new TypeError('[Symbol.for("jupyter.mimebundle")]() must return an object of mime type -> data');
  }
  return bundle as OutputBundle;
}

/** A plain object whose keys all look like mime types ("text/html") is taken as a bundle. */
function isLiteralBundle(value: unknown): value is OutputBundle {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^[\w.+-]+\/[\w.+-]+$/.test(key));
}

function withText(bundle: OutputBundle, value: unknown): OutputBundle {
  return "text/plain" in bundle ? bundle : { ...bundle, "text/plain": util.inspect(value) };
}

/** What `display(value)` shows: strings as they are, bundles as given, anything else inspected. */
export function displayBundleOf(value: unknown): OutputBundle {
  const own = ownBundleOf(value);
  if (own !== undefined) return withText(own, value);
  if (isLiteralBundle(value)) return value;
  return { "text/plain": typeof value === "string" ? value : util.inspect(value) };
}

/** What a cell's last value shows as execute_result: its own bundle, else Node's inspect (as the REPL). */
export function resultBundleOf(value: unknown): OutputBundle {
  const own = ownBundleOf(value);
  return own !== undefined ? withText(own, value) : { "text/plain": util.inspect(value) };
}
