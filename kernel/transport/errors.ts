/** Errors of the transport layer read the same: "kernel transport: <what went wrong>". */
export function transportError(message: string): Error {
  return new Error(`kernel transport: ${message}`);
}
