// Worker side: the jobs a distributed worker holds right now, in shared memory. The
// main thread writes (no message, no wake-up: a burst of tiny jobs pays nothing); the
// lock keeper thread reads. Each slot carries a generation, so a reader never uses a
// slot that was rewritten while it copied it.

/** A job id and lock token together stay well under this (BullMQ tokens are a UUID and a counter). */
const slotBytes = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface HeldJob {
  jobId: string;
  token: string;
}

export class HeldJobs {
  /** Per slot: [generation (0 = empty), byte length]. */
  private readonly header: Int32Array;
  private readonly bytes: Uint8Array;
  private nextGeneration = 1;

  constructor(readonly buffer: SharedArrayBuffer) {
    const slots = buffer.byteLength / (8 + slotBytes);
    this.header = new Int32Array(buffer, 0, slots * 2);
    this.bytes = new Uint8Array(buffer, slots * 8);
  }

  static create(slots: number): HeldJobs {
    return new HeldJobs(new SharedArrayBuffer(slots * (8 + slotBytes)));
  }

  /** Writer: records a job in a free slot; the returned function frees it. */
  hold(job: HeldJob): () => void {
    const encoded = encoder.encode(`${job.jobId}\n${job.token}`);
    if (encoded.length > slotBytes) throw new RangeError(`job id and token take ${encoded.length} bytes; at most ${slotBytes} fit`);
    const slot = this.freeSlot(); // generation 0: no reader uses it while it is written
    this.bytes.set(encoded, slot * slotBytes);
    Atomics.store(this.header, slot * 2 + 1, encoded.length);
    const generation = this.nextGeneration;
    this.nextGeneration = (this.nextGeneration % 0x7fffffff) + 1; // stays a positive Int32
    Atomics.store(this.header, slot * 2, generation);
    return () => void Atomics.compareExchange(this.header, slot * 2, generation, 0);
  }

  /** Reader: every job held now. */
  snapshot(): HeldJob[] {
    const jobs: HeldJob[] = [];
    for (let slot = 0; slot * 2 < this.header.length; slot += 1) {
      const generation = Atomics.load(this.header, slot * 2);
      if (generation === 0) continue;
      const length = Atomics.load(this.header, slot * 2 + 1);
      const text = decoder.decode(this.bytes.slice(slot * slotBytes, slot * slotBytes + length));
      if (Atomics.load(this.header, slot * 2) !== generation) continue; // rewritten meanwhile: not this job any more
      const [jobId = "", token = ""] = text.split("\n");
      jobs.push({ jobId, token });
    }
    return jobs;
  }

  private freeSlot(): number {
    for (let slot = 0; slot * 2 < this.header.length; slot += 1) {
      if (Atomics.load(this.header, slot * 2) === 0) return slot;
    }
    throw new Error("internal: more jobs held than the worker's concurrency");
  }
}
