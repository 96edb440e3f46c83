import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";

// Route handlers and instrumentation load separate module instances; the process keeps one id for both.
const holder = globalThis as typeof globalThis & { __lumaInstanceId?: string };

/**
 * Who holds a lease: host and pid say which process to look at in the logs; the random part keeps a restarted
 * process that got the same pid (containers start at pid 1) from passing as its predecessor.
 */
export function instanceId(): string {
  holder.__lumaInstanceId ??= `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
  return holder.__lumaInstanceId;
}
