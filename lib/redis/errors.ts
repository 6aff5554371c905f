// Every error about finding or running a Redis server is built here, so the
// messages read the same wherever a Redis is needed (runner, tests, benchmarks).

/**
 * Neither a Redis address nor a redis-server binary: the message says how to get one (apt,
 * conda, or REDIS_URL). Thrown at once by createDistributedRunner without REDIS_URL / redisUrl,
 * and by startRedisServer, when no redis-server is found.
 *
 * Python: none; a Celery or RQ client fails later, when it first cannot connect to its broker.
 *
 * @example
 * await startRedisServer({ binary: "/opt/redis/bin/redis-server" }).catch((error) => {
 *   if (error instanceof RedisServerMissingError) console.log(error.searched); // ["/opt/redis/bin/redis-server"]
 *   else throw error;
 * });
 */
export class RedisServerMissingError extends Error {
  override readonly name = "RedisServerMissingError";
  /** The paths looked at for a redis-server binary. */
  readonly searched: string[];

  constructor(searched: string[]) {
    super(
      `No Redis is available: REDIS_URL is not set and no redis-server binary was found (looked at ${searched.join(", ") || "nothing"}). ` +
        "Install one with `sudo apt-get install redis-server` (Debian/Ubuntu), or use the course's conda environment " +
        "(`conda env create -f environment.yml`, which includes redis-server; or `conda install -c conda-forge redis-server`), " +
        "or point to a running Redis with REDIS_URL=redis://host:6379 (or the redisUrl option).",
    );
    this.searched = searched;
  }
}

/**
 * redis-server was found but did not come up: it exited at start (a port taken, a bad option),
 * another Redis answers on the port you gave, or it did not answer within startTimeoutMs. The
 * message says which and ends with its last output, which usually says why.
 *
 * Python: none; the error you see when `redis-server` fails to start by hand.
 *
 * @example
 * const web = await startLatencyServer(); // an HTTP server holds this port
 * await startRedisServer({ port: web.port, startTimeoutMs: 2_000 }).catch((error) => {
 *   console.log(error instanceof RedisServerStartError, error.message); // true, "… bind: Address already in use …"
 * });
 * await web.stop();
 */
export class RedisServerStartError extends Error {
  override readonly name = "RedisServerStartError";

  constructor(binary: string, port: number, reason: string, output: string) {
    super(`redis-server (${binary}) did not start on 127.0.0.1:${port}: ${reason}.${output.trim() === "" ? "" : `\nIts output:\n${output.trim()}`}`);
  }
}
