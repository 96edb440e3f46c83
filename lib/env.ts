import "server-only";
import path from "node:path";
import { z } from "zod";
import { GATEWAY_IDS, GATEWAY_ROUTES } from "@/lib/luma/profiles";
import { resolveUpstreamConfig } from "@/lib/luma/upstream-config";

/** Empty strings count as unset, so `KEY=` in an env file behaves like no line at all. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const booleanFlag = z.preprocess(
  (value) => (value === "" || value === undefined ? undefined : String(value).toLowerCase()),
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .optional()
    .transform((v) => v === "true" || v === "1" || v === "yes"),
);

const envSchema = z.object({
  LUMA_API_KEY: optional(z.string().min(1)),
  /** Unset: the provider's or gateway profile's own address (lib/luma/upstream-config.ts). */
  LUMA_BASE_URL: optional(z.url()).transform((v) => v?.replace(/\/+$/, "")),
  LUMA_MODEL: optional(z.string().min(1).max(64)),
  LUMA_PROVIDER: optional(z.enum(["platform", "official"])),
  LUMA_GATEWAY: optional(z.enum(GATEWAY_IDS)),
  LUMA_GATEWAY_ROUTE: optional(z.enum(GATEWAY_ROUTES)),
  LUMA_MODEL_FIELD: optional(z.string()),
  LUMA_MODELS: optional(z.string()),
  LUMA_RESOLUTION_FIELD: optional(z.string()),
  LUMA_RESOLUTIONS: optional(z.string()),
  LUMA_DURATION_FIELD: optional(z.string()),
  LUMA_DURATIONS: optional(z.string()),
  LUMA_CAMERA_FIELD: optional(z.string()),
  DATA_DIR: optional(z.string()).transform((v) => path.resolve(/*turbopackIgnore: true*/ v ?? "data")),
  DATABASE_PATH: optional(z.string()),
  /** Set: PostgreSQL, shared by every app instance behind a load balancer; unset: SQLite at DATABASE_PATH. */
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")),
  MEDIA_DIR: optional(z.string()),
  PUBLIC_BASE_URL: optional(z.url()).transform((v) => v?.replace(/\/+$/, "")),
  GENERATION_TIMEOUT_MINUTES: optional(
    z.coerce
      .number()
      .positive()
      .max(24 * 60),
  ).transform((v) => v ?? 15),
  COMPLETED_WITHOUT_URL_GRACE_SECONDS: optional(z.coerce.number().int().min(0).max(3600)).transform((v) => v ?? 120),
  UNKNOWN_OUTCOME_GRACE_MINUTES: optional(
    z.coerce
      .number()
      .positive()
      .max(24 * 60),
  ).transform((v) => v ?? 10),
  LUMA_CREATE_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(300_000)).transform((v) => v ?? 60_000),
  LUMA_REQUEST_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(300_000)).transform((v) => v ?? 20_000),
  /** The first wait between status checks of a job; later waits and error backoffs are multiples of it. */
  STATUS_CHECK_INTERVAL_MS: optional(z.coerce.number().int().min(100).max(60_000)).transform((v) => v ?? 2_000),
  RECONCILER_CONCURRENCY: optional(z.coerce.number().int().min(1).max(32)).transform((v) => v ?? 4),
  MEDIA_MAX_BYTES: optional(z.coerce.number().int().positive()).transform((v) => v ?? 512 * 1024 * 1024),
  DEMO_SIMULATOR_PORT: optional(z.coerce.number().int().min(0).max(65535)).transform((v) => v ?? 0),
  LOG_LEVEL: optional(z.enum(["debug", "info", "warn", "error", "silent"])).transform((v) => v ?? "info"),
  DISABLE_RECONCILER: booleanFlag,
  APP_PASSWORD: optional(z.string().min(8, "APP_PASSWORD must be at least 8 characters")),
  SESSION_SECRET: optional(z.string().min(32, "SESSION_SECRET must be at least 32 characters")),
  SESSION_MAX_AGE_HOURS: optional(
    z.coerce
      .number()
      .positive()
      .max(24 * 365),
  ).transform((v) => v ?? 24 * 7),
  ALLOW_OPEN_ACCESS: booleanFlag,
  ACCESS_TOKEN: optional(z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "ACCESS_TOKEN must be 16-128 letters, digits, '-' or '_'")),
  TRUST_PROXY: booleanFlag,
  ALLOWED_HOSTS: optional(z.string()).transform((v) =>
    (v ?? "")
      .split(",")
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  ),
  CREATE_RATE_LIMIT_PER_MINUTE: optional(z.coerce.number().int().min(1).max(1_000_000)).transform((v) => v ?? 20),
  MAX_IN_FLIGHT: optional(z.coerce.number().int().min(1).max(1000)).transform((v) => v ?? 10),
  MAX_GENERATIONS_PER_DAY: optional(z.coerce.number().int().min(1).max(1_000_000)),
  ALLOW_HTTP_IMAGE_URLS: booleanFlag,
  MEDIA_STORAGE: optional(z.enum(["local", "s3"])).transform((v) => v ?? "local"),
  S3_ENDPOINT: optional(z.url()),
  S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "S3_BUCKET must be a bucket name (3-63 of a-z 0-9 . -)")),
  S3_REGION: optional(z.string().min(1)).transform((v) => v ?? "us-east-1"),
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  S3_FORCE_PATH_STYLE: booleanFlag,
  SHUTDOWN_TIMEOUT_SECONDS: optional(z.coerce.number().min(0).max(600)).transform((v) => v ?? 8),
  METRICS_TOKEN: optional(
    z.string().regex(/^[A-Za-z0-9._~+/=-]{16,256}$/, "METRICS_TOKEN must be 16-256 characters a bearer token may hold (letters, digits, - . _ ~ + / =)"),
  ),
});

type ParsedEnv = z.output<typeof envSchema>;

function resolveS3(value: ParsedEnv) {
  if (value.MEDIA_STORAGE !== "s3") return null;
  const problems: string[] = [];
  if (!value.S3_BUCKET) problems.push("MEDIA_STORAGE=s3 needs S3_BUCKET");
  if (Boolean(value.S3_ACCESS_KEY_ID) !== Boolean(value.S3_SECRET_ACCESS_KEY))
    problems.push("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or leave both unset for the SDK's own credentials)");
  if (problems.length > 0 || !value.S3_BUCKET) throw new Error(`Invalid environment configuration:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  return {
    bucket: value.S3_BUCKET,
    region: value.S3_REGION,
    endpoint: value.S3_ENDPOINT,
    forcePathStyle: value.S3_FORCE_PATH_STYLE,
    credentials:
      value.S3_ACCESS_KEY_ID && value.S3_SECRET_ACCESS_KEY ? { accessKeyId: value.S3_ACCESS_KEY_ID, secretAccessKey: value.S3_SECRET_ACCESS_KEY } : undefined,
  };
}

function parseEnv(source: NodeJS.ProcessEnv) {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  const upstream = resolveUpstreamConfig({
    apiKey: value.LUMA_API_KEY,
    provider: value.LUMA_PROVIDER,
    gateway: value.LUMA_GATEWAY,
    route: value.LUMA_GATEWAY_ROUTE,
    baseUrl: value.LUMA_BASE_URL,
    model: value.LUMA_MODEL,
    custom: {
      modelField: value.LUMA_MODEL_FIELD,
      models: value.LUMA_MODELS,
      resolutionField: value.LUMA_RESOLUTION_FIELD,
      resolutions: value.LUMA_RESOLUTIONS,
      durationField: value.LUMA_DURATION_FIELD,
      durations: value.LUMA_DURATIONS,
      cameraField: value.LUMA_CAMERA_FIELD,
    },
  });
  const s3 = resolveS3(value);
  if (!upstream.ok) throw new Error(`Invalid environment configuration:\n${upstream.messages.map((message) => `  ${message}`).join("\n")}`);
  return {
    ...value,
    /** The upstream's address; in demo mode the simulator's, known only once it runs. */
    LUMA_BASE_URL: upstream.config.baseUrl ?? "",
    upstream: upstream.config,
    DATABASE_PATH: path.resolve(/*turbopackIgnore: true*/ value.DATABASE_PATH ?? path.join(value.DATA_DIR, "luma-studio.db")),
    MEDIA_DIR: path.resolve(/*turbopackIgnore: true*/ value.MEDIA_DIR ?? path.join(value.DATA_DIR, "media")),
    isDemo: !value.LUMA_API_KEY,
    /** Set when MEDIA_STORAGE=s3: where archived media and uploads live instead of MEDIA_DIR. */
    s3,
  };
}

type Env = ReturnType<typeof parseEnv>;
export const env: Env = parseEnv(process.env);
