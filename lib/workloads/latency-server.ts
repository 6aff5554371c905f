import http from "node:http";
import type { AddressInfo } from "node:net";

/** A running latency server (see startLatencyServer). */
export interface LatencyServer {
  /** http://127.0.0.1:<port>/: a request there gets the server's default latency and size. */
  readonly url: string;
  readonly port: number;
  /** Requests answered so far. */
  readonly served: number;
  /** URL of one request with this latency and response size. */
  urlFor(options?: { latencyMs?: number; bytes?: number }): string;
  /** Closes the server and its connections; requests still waiting fail. */
  stop(): Promise<void>;
}

/** Options of startLatencyServer and startLatencyServerProcess; all optional. */
export interface LatencyServerOptions {
  /** Default latency of every response, in ms. Default 50. */
  latencyMs?: number;
  /** Default response size, in bytes. Default 1024. */
  bytes?: number;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** The latency and size of a request that asks for neither. */
export function defaultsOf(options: LatencyServerOptions): { latencyMs: number; bytes: number } {
  return { latencyMs: options.latencyMs ?? 50, bytes: options.bytes ?? 1024 };
}

/** The URL of one request to the server at `url`: the asked latency and size, or the server's defaults. */
export function requestUrl(url: string, defaults: { latencyMs: number; bytes: number }, asked: { latencyMs?: number; bytes?: number } = {}): string {
  return `${url}?latencyMs=${asked.latencyMs ?? defaults.latencyMs}&bytes=${asked.bytes ?? defaults.bytes}`;
}

/**
 * Starts an HTTP server on 127.0.0.1, on this event loop, that answers every request after a
 * chosen latency: the I/O-bound workload without the network (the Python course downloads real
 * pages). GET /?latencyMs=50&bytes=1000 waits 50 ms, then sends 1000 bytes; without them the
 * options' defaults apply. It shares the caller's event loop and CPU time; to measure an async
 * client fairly, use startLatencyServerProcess.
 *
 * Python: an `http.server.ThreadingHTTPServer` whose handler sleeps before it answers.
 *
 * @example
 * const server = await startLatencyServer({ latencyMs: 100 });
 * await fetchPage(server.urlFor({ bytes: 10 })); // 10, after about 100 ms
 * await server.stop();
 */
export async function startLatencyServer(options: LatencyServerOptions = {}): Promise<LatencyServer> {
  const defaults = defaultsOf(options);
  let served = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((request, response) => {
    const query = new URL(request.url ?? "/", "http://127.0.0.1").searchParams;
    const latencyMs = numberParam(query.get("latencyMs"), defaults.latencyMs);
    const bytes = numberParam(query.get("bytes"), defaults.bytes);
    const timer = setTimeout(() => {
      timers.delete(timer);
      served += 1;
      response.writeHead(200, { "content-type": "text/plain", "content-length": bytes });
      response.end("x".repeat(bytes));
    }, latencyMs);
    timers.add(timer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    port,
    get served() {
      return served;
    },
    urlFor: (request = {}) => requestUrl(url, defaults, request),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function numberParam(text: string | null, fallback: number): number {
  const value = text === null ? NaN : Number(text);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}
