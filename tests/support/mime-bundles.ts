// Renders a value through the mime-bundle protocol, as the kernel does.
import { mimeBundleSymbol, type Displayable, type MimeBundle } from "../../lib/plot/mime";

export function bundleOf(value: Displayable): MimeBundle {
  return value[mimeBundleSymbol]();
}

export function htmlOf(value: Displayable): string {
  const html = bundleOf(value)["text/html"];
  if (typeof html !== "string") throw new Error("bundle has no text/html string");
  return html;
}

export function textOf(value: Displayable): string {
  const text = bundleOf(value)["text/plain"];
  if (typeof text !== "string") throw new Error("bundle has no text/plain string");
  return text;
}

/** Occurrences of the plotly.js library script in an HTML string. */
export function libraryCopies(html: string): number {
  return html.split("data-plotly-library=").length - 1;
}
