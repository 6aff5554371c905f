import type { KernelMessage } from "@jupyterlab/services";
import type { Handler } from "./request-context";

interface HistoryEntry {
  line: number;
  input: string;
  output: string | null;
}

/** The inputs (and text outputs) of this kernel's cells that asked to be stored, in memory. */
export class History {
  /** One session per kernel process; history does not survive a restart. */
  readonly session = 1;
  private readonly entries: HistoryEntry[] = [];

  add(line: number, input: string, output: string | null): void {
    this.entries.push({ line, input, output });
  }

  query(request: KernelMessage.IHistoryRequestMsg["content"]): KernelMessage.IHistoryReply["history"] {
    const format = (entry: HistoryEntry): [number, number, string] | [number, number, [string, string]] =>
      request.output ? [this.session, entry.line, [entry.input, entry.output ?? ""]] : [this.session, entry.line, entry.input];
    return this.select(request).map(format) as KernelMessage.IHistoryReply["history"];
  }

  private select(request: KernelMessage.IHistoryRequestMsg["content"]): HistoryEntry[] {
    switch (request.hist_access_type) {
      case "tail":
        return request.n > 0 ? this.entries.slice(-request.n) : [];
      case "range": {
        // Session 0 and negative sessions count back from the current one; only the current exists.
        if (request.session > 0 && request.session !== this.session) return [];
        if (request.session < 0) return [];
        return this.entries.filter((entry) => entry.line >= request.start && entry.line < request.stop);
      }
      case "search": {
        const pattern = globToRegExp(request.pattern);
        let found = this.entries.filter((entry) => pattern.test(entry.input));
        if (request.unique) {
          const seen = new Set<string>();
          found = found
            .reverse()
            .filter((entry) => !seen.has(entry.input) && seen.add(entry.input) !== undefined)
            .reverse();
        }
        return request.n > 0 ? found.slice(-request.n) : found;
      }
    }
  }
}

/** IPython's history search pattern: * and ? as in file names, matched against the whole input. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${escaped}$`);
}

export function historyHandler(history: History): Handler<"history_request"> {
  return (request) => {
    request.reply({ status: "ok", history: history.query(request.message.content) });
  };
}
