/** Errors of the TypeScript engine read the same: "kernel engine: <what went wrong>". */
export function engineError(message: string): Error {
  return new Error(`kernel engine: ${message}`);
}
