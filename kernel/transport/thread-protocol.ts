import type { ConnectionInfo } from "./connection";
import type { Envelope } from "./wire";

/** What the main thread hands the transport thread when it starts it. */
export interface TransportThreadOptions {
  connection: ConnectionInfo;
  session: string;
  maxMessageBytes: number;
  /** How long an interrupted cell may stay busy before the user is told to restart. */
  stillBusyAfterMs: number;
  /** How long the main thread gets to finish a shutdown before the transport thread forces it. */
  forcedExitAfterMs: number;
  /** The process whose death ends the kernel (JPY_PARENT_PID, else the parent at start). */
  parentPid: number;
  /** One Int32: how many SIGINTs the transport thread has sent for interrupt requests. */
  interruptsSent: SharedArrayBuffer;
}

/** Main thread -> transport thread. */
export type ToTransport = { kind: "send"; envelope: Envelope } | { kind: "close" };

/** Transport thread -> main thread. */
export type FromTransport = { kind: "ready" } | { kind: "request"; envelope: Envelope } | { kind: "parent-gone" } | { kind: "failed"; message: string };
