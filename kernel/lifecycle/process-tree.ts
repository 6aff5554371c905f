import fs from "node:fs";

/** Parent pid of every process, read from /proc (Linux); empty where /proc is missing. */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return parents;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name may contain spaces and parentheses; the fields after its last ")" do not.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended while we listed it.
    }
  }
  return parents;
}

/** Every process below `pid` (children, grandchildren, ...). */
export function descendantsOf(pid: number): number[] {
  const parents = parentsByPid();
  const found: number[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const current = frontier.pop() as number;
    for (const [child, parent] of parents) {
      if (parent === current) {
        found.push(child);
        frontier.push(child);
      }
    }
  }
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

/**
 * Ends every descendant of this process. The whole tree is listed first, because a child that dies
 * first would hand its own children to init, out of our sight.
 */
export function killDescendantsNow(): void {
  for (const pid of descendantsOf(process.pid)) signal(pid, "SIGKILL");
}

/** Asks descendants to stop (SIGTERM), then kills what is left after `graceMs`. */
export async function endDescendants(graceMs: number): Promise<void> {
  const pids = descendantsOf(process.pid);
  if (pids.length === 0) return;
  for (const pid of pids) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const pid of [...pids, ...descendantsOf(process.pid)]) signal(pid, "SIGKILL");
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
