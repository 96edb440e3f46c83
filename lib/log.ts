import "server-only";
import pino, { type Logger } from "pino";
import { REDACTED, scrubSecrets } from "@/lib/security/scrub";

type Level = "debug" | "info" | "warn" | "error";
type Threshold = Level | "silent";
const THRESHOLDS: readonly Threshold[] = ["debug", "info", "warn", "error", "silent"];

const SECRET_KEYS = /authorization|api[-_]?key|secret|token|password|cookie/i;

/**
 * pino's own redaction, by path, for the shapes we know (request headers, upstream options); `redact()` below
 * catches the rest by key name at any depth and runs every string through the one scrubber (lib/security/scrub.ts).
 */
const REDACT_PATHS = [
  "authorization",
  "cookie",
  "apiKey",
  "password",
  "token",
  "secret",
  "*.authorization",
  "*.Authorization",
  "*.cookie",
  "*.Cookie",
  '*["set-cookie"]',
  "*.apiKey",
  "*.password",
  "*.token",
  "*.secret",
  "*.headers.authorization",
  "*.headers.cookie",
];

/** Redacts fields whose names look secret and any key-looking string, so no log line can carry the API key. */
function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      ...(value.stack ? { stack: redactText(value.stack) } : {}),
      ...(value.cause !== undefined ? { cause: redact(value.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEYS.test(key) ? REDACTED : redact(item, depth + 1);
  return out;
}

function redactText(text: string): string {
  const env = process.env;
  return scrubSecrets(text, [env.LUMA_API_KEY, env.APP_PASSWORD, env.SESSION_SECRET, env.METRICS_TOKEN, env.S3_SECRET_ACCESS_KEY]);
}

function threshold(): Threshold {
  const wanted = process.env.LOG_LEVEL as Threshold | undefined;
  return wanted && THRESHOLDS.includes(wanted) ? wanted : "info";
}

const holder = globalThis as typeof globalThis & { __lumaLogger?: Logger<never> };

/** One pino logger per process; info and debug to stdout, warnings and errors to stderr, as JSON lines. */
function logger(): Logger<never> {
  if (!holder.__lumaLogger) {
    holder.__lumaLogger = pino(
      {
        level: threshold(),
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACT_PATHS, censor: REDACTED },
      },
      pino.multistream(
        [
          { level: "debug", stream: process.stdout },
          { level: "warn", stream: process.stderr },
        ],
        { dedupe: true },
      ),
    );
  }
  // Tests and tools set LOG_LEVEL after this module may have loaded.
  const level = threshold();
  if (holder.__lumaLogger.level !== level) holder.__lumaLogger.level = level;
  return holder.__lumaLogger;
}

function write(level: Level, message: string, fields?: Record<string, unknown>) {
  const target = logger();
  if (!target.isLevelEnabled(level)) return;
  target[level](redact(fields ?? {}) as object, redactText(message));
}

type Throttle = { nextAt: number; suppressed: number };
const throttles = ((globalThis as typeof globalThis & { __lumaLogThrottles?: Map<string, Throttle> }).__lumaLogThrottles ??= new Map());

/**
 * A warning that strangers can trigger at will (a refused cross-site request) must not let them flood the log:
 * at most one line per `intervalMs` for each `key`, carrying how many were left out since the last one.
 */
function warnAtMostEvery(key: string, intervalMs: number, message: string, fields?: Record<string, unknown>, now = Date.now()) {
  const throttle = throttles.get(key) ?? { nextAt: 0, suppressed: 0 };
  throttles.set(key, throttle);
  if (now < throttle.nextAt) {
    throttle.suppressed += 1;
    return;
  }
  write("warn", message, throttle.suppressed > 0 ? { ...fields, suppressedSinceLast: throttle.suppressed } : fields);
  throttle.nextAt = now + intervalMs;
  throttle.suppressed = 0;
}

/** Structured JSON logs, one line per event; the one logging seam of the server. */
export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
  warnAtMostEvery,
};
