// A flag threads can wait on (like Python's threading.Event).
import { sharedHandleKey, type Shareable, type SharedHandle } from "./shared-handle";

// Node 20 has Atomics.waitAsync; the ES2023 lib typings do not declare it yet.
interface AtomicsWithWaitAsync {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs?: number): { async: false; value: string } | { async: true; value: Promise<string> };
}

export class SharedEvent implements Shareable {
  readonly buffer: SharedArrayBuffer;
  private readonly flag: Int32Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer;
    this.flag = new Int32Array(buffer);
  }

  set(): void {
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  clear(): void {
    Atomics.store(this.flag, 0, 0);
  }

  get isSet(): boolean {
    return Atomics.load(this.flag, 0) === 1;
  }

  /** Blocks the thread until set; returns whether it is set (false after timeoutMs). */
  wait(timeoutMs = Infinity): boolean {
    Atomics.wait(this.flag, 0, 0, timeoutMs);
    return this.isSet;
  }

  /** The same wait without blocking an event loop (use it on the main thread). */
  async waitAsync(timeoutMs = Infinity): Promise<boolean> {
    const result = (Atomics as unknown as AtomicsWithWaitAsync).waitAsync(this.flag, 0, 0, timeoutMs);
    if (result.async) await result.value;
    return this.isSet;
  }

  [sharedHandleKey](): SharedHandle {
    return { type: "SharedEvent", buffer: this.buffer };
  }
}
