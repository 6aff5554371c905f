// The mime-bundle protocol the kernel renders: a value with this method shows as its bundle.
export const mimeBundleSymbol: unique symbol = Symbol.for("jupyter.mimebundle");

export type MimeBundle = Record<string, unknown>;

export interface Displayable {
  [mimeBundleSymbol](): MimeBundle;
}
