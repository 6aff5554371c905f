import type * as nbformat from "@jupyterlab/nbformat";

/** nbformat keeps a cell's source or a stream's text as one string or as a list of lines. */
export function joinedText(text: nbformat.MultilineString): string {
  return Array.isArray(text) ? text.join("") : text;
}
