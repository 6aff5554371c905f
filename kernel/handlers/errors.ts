/** Errors a cell sees from the kernel's own functions (input, display) read the same way. */
export function handlerError(message: string): Error {
  const error = new Error(message);
  error.name = "KernelError";
  return error;
}
