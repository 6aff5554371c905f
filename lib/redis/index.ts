// Redis for the distributed runner, tests and benchmarks: find or start a private server.
export { findRedisServerBinary, requireRedisServerBinary, startRedisServer } from "./redis-server";
export type { RedisServer, RedisServerOptions } from "./redis-server";
export { freeLoopbackPort } from "./free-port";
export { RedisServerMissingError, RedisServerStartError } from "./errors";
