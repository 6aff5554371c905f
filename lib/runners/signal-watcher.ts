// One abort listener per signal, however many tasks share it (a cell's signal, a map's canceller),
// and all of them removed when the runner stops: a cell that creates many runners would otherwise
// pile listeners onto its one signal (and Node warns past ten).
export class SignalWatcher {
  private readonly listeners = new Map<AbortSignal, () => void>();

  watch(signal: AbortSignal | undefined, onAbort: (signal: AbortSignal) => void): void {
    if (signal === undefined || this.listeners.has(signal)) return;
    const listener = (): void => onAbort(signal);
    this.listeners.set(signal, listener);
    signal.addEventListener("abort", listener, { once: true });
  }

  stopWatching(): void {
    for (const [signal, listener] of this.listeners) signal.removeEventListener("abort", listener);
    this.listeners.clear();
  }
}
