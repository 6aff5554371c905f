import fs from "node:fs";
import { transportError } from "./errors";

/** What Jupyter writes into the connection file it passes to a kernel. */
export interface ConnectionInfo {
  transport: "tcp" | "ipc";
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

export type SocketName = "shell" | "control" | "stdin" | "iopub" | "hb";

const portFields = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

/** Reads and validates a connection file; every problem names the file and the field. */
export function readConnectionFile(file: string): ConnectionInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw transportError(`cannot read connection file ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null) throw transportError(`connection file ${file} is not a JSON object`);
  const info = parsed as Record<string, unknown>;
  const transport = info.transport ?? "tcp";
  if (transport !== "tcp" && transport !== "ipc") throw transportError(`connection file ${file}: transport must be "tcp" or "ipc"`);
  if (typeof info.ip !== "string") throw transportError(`connection file ${file}: "ip" must be a string`);
  const key = info.key ?? "";
  if (typeof key !== "string") throw transportError(`connection file ${file}: "key" must be a string`);
  const scheme = info.signature_scheme ?? "hmac-sha256";
  if (scheme !== "hmac-sha256") {
    throw transportError(`connection file ${file}: signature_scheme ${JSON.stringify(scheme)} is not supported; use "hmac-sha256"`);
  }
  for (const field of portFields) {
    if (!Number.isInteger(info[field])) throw transportError(`connection file ${file}: "${field}" must be an integer`);
  }
  return {
    transport,
    ip: info.ip,
    key,
    signature_scheme: scheme,
    shell_port: info.shell_port as number,
    iopub_port: info.iopub_port as number,
    stdin_port: info.stdin_port as number,
    control_port: info.control_port as number,
    hb_port: info.hb_port as number,
  };
}

/** The ZeroMQ endpoint of one socket (for ipc, Jupyter's convention is "<ip>-<port>"). */
export function endpointOf(info: ConnectionInfo, socket: SocketName): string {
  const port = info[`${socket}_port`];
  return info.transport === "tcp" ? `tcp://${info.ip}:${port}` : `ipc://${info.ip}-${port}`;
}
