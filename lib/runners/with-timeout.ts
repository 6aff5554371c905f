// A promise that settles like `promise`, or rejects with errorFor() once `ms` have passed.
// The timer is cleared either way, so it never keeps the process alive.
export function withTimeout<T>(promise: Promise<T>, ms: number, errorFor: () => Error = () => new Error(`timed out after ${ms} ms`)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(errorFor()), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
