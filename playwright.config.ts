import os from "node:os";
import path from "node:path";
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";
import { postgresS3Env } from "./e2e/support/postgres-s3";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${PORT}`;
// A throwaway database and media store per run; demo mode (no key) so the app runs its own simulator. Workers
// load this file again: the runner's choice travels to them in the environment, so a journey can seed the
// main server's database (e2e/gallery-bulk.spec.ts).
const dataDir = (process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `luma-studio-e2e-${process.pid}-${Date.now()}`));
// The journeys that store, archive, serve, search and delete run a second time on the scaled-out pair: a throwaway
// PostgreSQL database and an s3rver (e2e/support/postgres-s3-server.ts) instead of SQLite and a media folder.
const PG_PORT = Number(process.env.E2E_PG_PORT ?? 3240);
const pgURL = `http://127.0.0.1:${PG_PORT}`;
const pgDataDir = `${dataDir}-postgres`;
const STORAGE_SPECS = /(create-and-play|frames-upload|remix|detail-page|clean-copy|gallery-actions|gallery-filters|gallery-dates|gallery-bulk)\.spec\.ts$/;
// The gallery at scale gets its own server over a freshly seeded database, so other journeys neither see nor disturb it.
const SCALE_PORT = Number(process.env.E2E_SCALE_PORT ?? 3220);
const scaleURL = `http://127.0.0.1:${SCALE_PORT}`;
const scaleDataDir = path.join(os.tmpdir(), `luma-studio-scale-${process.pid}-${Date.now()}`);
const SCALE_COUNT = Number(process.env.E2E_SCALE_COUNT ?? 10_000);
// Without a password the studio answers only a browser holding its access token (lib/auth/access-token.ts):
// every server gets a known one, and every browser context and request context the cookie a person gets by
// following the printed link. Cookies ignore ports, so one cookie for 127.0.0.1 serves every server below.
export const E2E_ACCESS_TOKEN = "e2e-access-token-5d0c1f7a9b";
const serverEnv = { LUMA_API_KEY: "", LOG_LEVEL: "warn", NODE_ENV: "production", ACCESS_TOKEN: E2E_ACCESS_TOKEN } as const;
const accessCookie = {
  name: "luma_access",
  value: E2E_ACCESS_TOKEN,
  domain: "127.0.0.1",
  path: "/",
  expires: -1,
  httpOnly: true,
  secure: false,
  sameSite: "Lax" as const,
};
// A second server with APP_PASSWORD for the sign-in journey (e2e/security-login.spec.ts).
const PASSWORD_PORT = Number(process.env.E2E_PASSWORD_PORT ?? 3310);
export const E2E_PASSWORD = "e2e-studio-password";
// The built app against a gateway it reaches over HTTP with a key (not demo mode): a standalone simulator whose
// knobs the specs turn, once without callbacks and once with PUBLIC_BASE_URL (so the gateway can call back).
const GATEWAY_PORT = Number(process.env.E2E_GATEWAY_PORT ?? 3230);
const CALLBACKS_PORT = GATEWAY_PORT + 2;
export const GATEWAY_KEY = "sk-e2e-gateway-4d1c9b7a2e";
export const GATEWAY_SIMULATOR_URL = `http://127.0.0.1:${GATEWAY_PORT + 1}`;
export const CALLBACKS_SIMULATOR_URL = `http://127.0.0.1:${CALLBACKS_PORT + 1}`;
// The built app with a Luma API key (the official provider), against the standalone simulator's /v1 routes.
const OFFICIAL_PORT = GATEWAY_PORT + 4;
export const OFFICIAL_KEY = "luma-api-e2e-5b8e1f0c3a";
export const OFFICIAL_SIMULATOR_URL = `http://127.0.0.1:${OFFICIAL_PORT + 1}`;
// Short enough to keep a hanging create quick to test, long enough for a loaded CI machine.
export const GATEWAY_CREATE_TIMEOUT_MS = 4000;
// A server whose database only its own spec touches, for what a newcomer sees before any generation exists.
const FRESH_PORT = Number(process.env.E2E_FRESH_PORT ?? PORT + 5);
const freshURL = `http://127.0.0.1:${FRESH_PORT}`;

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};

/** The built studio as `npm start` runs it (scripts/start.mjs: next start behind the Brotli static files). */
const studioStart = (port: number) => `PORT=${port} BIND_ADDRESS=127.0.0.1 node scripts/start.mjs`;

// E2E_SERVERS=main,password (names below) starts only those servers: a single journey need not seed 10,000 rows.
const wantedServers = process.env.E2E_SERVERS?.split(",").map((name) => name.trim());
const wants = (name: string) => !wantedServers || wantedServers.includes(name);
type WebServer = Extract<NonNullable<PlaywrightTestConfig["webServer"]>, readonly unknown[]>[number];
const servers = (named: Record<string, WebServer>): WebServer[] =>
  Object.entries(named)
    .filter(([name]) => wants(name.replace(/-simulator$/, "")))
    .map(([, server]) => server);

/** A standalone simulator on port + 1 and the built app pointed at it with a key, on port. */
function gatewayServers(
  name: string,
  port: number,
  env: Record<string, string>,
  upstream: { key: string; path: string } = { key: GATEWAY_KEY, path: "" },
): Record<string, WebServer> {
  const simulatorUrl = `http://127.0.0.1:${port + 1}`;
  return {
    [`${name}-simulator`]: {
      command: "npm run simulator",
      url: `${simulatorUrl}/__sim/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: { SIMULATOR_PORT: String(port + 1), SIMULATOR_API_KEY: upstream.key, SIMULATOR_PENDING_SECONDS: "1", SIMULATOR_PROCESSING_SECONDS: "2" },
    },
    [name]: {
      command: studioStart(port),
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: {
        ...serverEnv,
        ...env,
        LUMA_API_KEY: upstream.key,
        LUMA_BASE_URL: `${simulatorUrl}${upstream.path}`,
        LUMA_CREATE_TIMEOUT_MS: String(GATEWAY_CREATE_TIMEOUT_MS),
        DATA_DIR: `${dataDir}-${name}`,
        MAX_IN_FLIGHT: "100",
        CREATE_RATE_LIMIT_PER_MINUTE: "1000",
      },
    },
  };
}

export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    storageState: { cookies: [accessCookie], origins: [] },
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    {
      name: "chromium",
      testIgnore: /(scale|security-login|gallery-empty|gateway.*|official)\.spec\.ts$/,
      // Where the server's rows and media live, for journeys that seed it directly (e2e/support/seed.ts).
      metadata: { storageEnv: { DATA_DIR: dataDir } },
      use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions },
    },
    {
      name: "postgres-s3",
      testMatch: STORAGE_SPECS,
      // What these two check (wording in Chinese, keys while typing) is the same whatever stores the rows.
      grepInvert: /say it in Chinese|no key lands on a card/,
      metadata: { storageEnv: { DATA_DIR: pgDataDir, ...postgresS3Env(PG_PORT) } },
      use: { ...devices["Desktop Chrome"], baseURL: pgURL, launchOptions: chromiumLaunchOptions },
    },
    // One file at a time in each of these: a file resets the standalone simulator another would be reading.
    {
      name: "gateway",
      testMatch: /gateway\.spec\.ts$/,
      workers: 1,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${GATEWAY_PORT}`, launchOptions: chromiumLaunchOptions },
    },
    {
      name: "callbacks",
      testMatch: /gateway-callbacks\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${CALLBACKS_PORT}`, launchOptions: chromiumLaunchOptions },
    },
    {
      name: "official",
      testMatch: /official\.spec\.ts$/,
      workers: 1,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${OFFICIAL_PORT}`, launchOptions: chromiumLaunchOptions },
    },
    { name: "scale", testMatch: /scale\.spec\.ts$/, use: { ...devices["Desktop Chrome"], baseURL: scaleURL, launchOptions: chromiumLaunchOptions } },
    // One at a time: each run empties this server first.
    {
      name: "fresh",
      testMatch: /gallery-empty\.spec\.ts$/,
      workers: 1,
      use: { ...devices["Desktop Chrome"], baseURL: freshURL, launchOptions: chromiumLaunchOptions },
    },
    {
      name: "password",
      testMatch: /security-login\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${PASSWORD_PORT}`, launchOptions: chromiumLaunchOptions },
    },
  ],
  webServer: servers({
    main: {
      command: studioStart(PORT),
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      // Journeys run in parallel and create many jobs; the spending limits have their own tests.
      env: { ...serverEnv, DATA_DIR: dataDir, MAX_IN_FLIGHT: "100", CREATE_RATE_LIMIT_PER_MINUTE: "1000" },
    },
    postgres: {
      command: `node --import tsx e2e/support/postgres-s3-server.ts ${PG_PORT}`,
      url: `${pgURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      // Time for the app to stop, then for the database to be dropped and the bucket's folder removed.
      gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
      env: { ...serverEnv, DATA_DIR: pgDataDir, MAX_IN_FLIGHT: "100", CREATE_RATE_LIMIT_PER_MINUTE: "1000" },
    },
    scale: {
      command: `npm run seed -- --count ${SCALE_COUNT} && ${studioStart(SCALE_PORT)}`,
      url: `${scaleURL}/api/health`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "pipe",
      env: { ...serverEnv, DATA_DIR: scaleDataDir },
    },
    password: {
      command: studioStart(PASSWORD_PORT),
      url: `http://127.0.0.1:${PASSWORD_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: { ...serverEnv, DATA_DIR: `${dataDir}-password`, APP_PASSWORD: E2E_PASSWORD },
    },
    ...gatewayServers("gateway", GATEWAY_PORT, {}),
    // PUBLIC_BASE_URL serves the studio beyond this computer, which without a password it refuses to start
    // for; the simulator calls back on 127.0.0.1, so open access on purpose is what this server needs.
    ...gatewayServers("callbacks", CALLBACKS_PORT, { PUBLIC_BASE_URL: `http://127.0.0.1:${CALLBACKS_PORT}`, ALLOW_OPEN_ACCESS: "true" }),
    fresh: {
      command: studioStart(FRESH_PORT),
      url: `${freshURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: { ...serverEnv, DATA_DIR: `${dataDir}-fresh` },
    },
    // A luma-api- key selects Luma's own API by itself; LUMA_BASE_URL points it at the simulator.
    ...gatewayServers("official", OFFICIAL_PORT, {}, { key: OFFICIAL_KEY, path: "/v1" }),
  }),
});
