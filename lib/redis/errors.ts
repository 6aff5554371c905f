// Every error about finding or running a Redis server is built here, so the
// messages read the same wherever a Redis is needed (runner, tests, benchmarks).

/** Neither a Redis address nor a redis-server binary: says how to get one. */
export class RedisServerMissingError extends Error {
  override readonly name = "RedisServerMissingError";
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

/** redis-server was found but did not come up. */
export class RedisServerStartError extends Error {
  override readonly name = "RedisServerStartError";

  constructor(binary: string, port: number, reason: string, output: string) {
    super(`redis-server (${binary}) did not start on 127.0.0.1:${port}: ${reason}.${output.trim() === "" ? "" : `\nIts output:\n${output.trim()}`}`);
  }
}
