import os from "node:os";
import path from "node:path";
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${PORT}`;
// A throwaway database and media store per run; demo mode (no key) so the app runs its own simulator. Workers
// load this file again: the runner's choice travels to them in the environment, so a journey can seed the
// main server's database (e2e/gallery-bulk.spec.ts).
const dataDir = (process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `luma-studio-e2e-${process.pid}-${Date.now()}`));
// The gallery at scale gets its own server over a freshly seeded database, so other journeys neither see nor disturb it.
const SCALE_PORT = Number(process.env.E2E_SCALE_PORT ?? 3220);
const scaleURL = `http://127.0.0.1:${SCALE_PORT}`;
const scaleDataDir = path.join(os.tmpdir(), `luma-studio-scale-${process.pid}-${Date.now()}`);
const SCALE_COUNT = Number(process.env.E2E_SCALE_COUNT ?? 10_000);
const serverEnv = { LUMA_API_KEY: "", LOG_LEVEL: "warn", NODE_ENV: "production" } as const;
// A second server with APP_PASSWORD for the sign-in journey (e2e/security-login.spec.ts).
const PASSWORD_PORT = Number(process.env.E2E_PASSWORD_PORT ?? 3310);
export const E2E_PASSWORD = "e2e-studio-password";

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};

// E2E_SERVERS=main,password (names below) starts only those servers: a single journey need not seed 10,000 rows.
const wantedServers = process.env.E2E_SERVERS?.split(",").map((name) => name.trim());
const wants = (name: string) => !wantedServers || wantedServers.includes(name);
type WebServer = Extract<NonNullable<PlaywrightTestConfig["webServer"]>, readonly unknown[]>[number];
const servers = (named: Record<string, WebServer>): WebServer[] => Object.entries(named).filter(([name]) => wants(name)).map(([, server]) => server);

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
    trace: "retain-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "chromium", testIgnore: /(scale|security-login)\.spec\.ts$/, use: { ...devices["Desktop Chrome"], launchOptions: chromiumLaunchOptions } },
    { name: "scale", testMatch: /scale\.spec\.ts$/, use: { ...devices["Desktop Chrome"], baseURL: scaleURL, launchOptions: chromiumLaunchOptions } },
    {
      name: "password",
      testMatch: /security-login\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${PASSWORD_PORT}`, launchOptions: chromiumLaunchOptions },
    },
  ],
  webServer: servers({
    main: {
      command: `npx next start -H 127.0.0.1 -p ${PORT}`,
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      // Journeys run in parallel and create many jobs; the spending limits have their own tests.
      env: { ...serverEnv, DATA_DIR: dataDir, MAX_IN_FLIGHT: "100", CREATE_RATE_LIMIT_PER_MINUTE: "1000" },
    },
    scale: {
      command: `npm run seed -- --count ${SCALE_COUNT} && npx next start -H 127.0.0.1 -p ${SCALE_PORT}`,
      url: `${scaleURL}/api/health`,
      reuseExistingServer: false,
      timeout: 300_000,
      stdout: "pipe",
      env: { ...serverEnv, DATA_DIR: scaleDataDir },
    },
    password: {
      command: `npx next start -H 127.0.0.1 -p ${PASSWORD_PORT}`,
      url: `http://127.0.0.1:${PASSWORD_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      env: { ...serverEnv, DATA_DIR: `${dataDir}-password`, APP_PASSWORD: E2E_PASSWORD },
    },
  }),
});
