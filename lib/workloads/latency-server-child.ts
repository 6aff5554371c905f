// Child side of startLatencyServerProcess: runs the latency server on its own event loop, so a
// client measured in the parent shares neither its thread nor its CPU count with the server.
// Messages: parent → child { kind: "stats" | "stop" }; child → parent { kind: "listening", port } and
// { kind: "stats", served, cpuMs }.
import { startLatencyServer, type LatencyServerOptions } from "./latency-server";

export type ServerChildRequest = { kind: "stats" } | { kind: "stop" };
export type ServerChildReply = { kind: "listening"; port: number } | { kind: "stats"; served: number; cpuMs: number };

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as LatencyServerOptions;
  const server = await startLatencyServer(options);
  const send = (reply: ServerChildReply) => process.send?.(reply);
  process.on("message", (request: ServerChildRequest) => {
    if (request.kind === "stats") {
      const usage = process.cpuUsage();
      send({ kind: "stats", served: server.served, cpuMs: (usage.user + usage.system) / 1000 });
    } else {
      void server.stop().then(() => process.exit(0));
    }
  });
  // The IPC channel closes when the parent closes it or dies; this loop never blocks, so it hears that at once.
  process.once("disconnect", () => process.exit(0));
  send({ kind: "listening", port: server.port });
}

void main();
