import "server-only";
import { accessLink, accessTokenFile } from "@/lib/auth/access-token";
import { getStore } from "@/lib/db/store";
import { env } from "@/lib/env";
import { getProvider } from "@/lib/luma/upstream";
import { log } from "@/lib/log";
import { exposureSettingsProblem, listeningAddresses, openAccessProblem, type ExposureSettings } from "@/lib/security/bind";
import { securityConfig } from "@/lib/security/config";
import { ensurePrivateDir } from "@/lib/security/private-files";
import { startReconciler } from "./reconciler";
import { installGracefulShutdown } from "@/lib/ops/shutdown";

/** How long to look for a custom server's socket after start-up; proxy.ts keeps checking after that. */
const LISTEN_WATCH_MS = 60_000;

const exposure: ExposureSettings = {
  hasPassword: securityConfig.isPasswordRequired,
  allowOpenAccess: securityConfig.allowOpenAccess,
  publicBaseUrl: securityConfig.publicBaseUrl,
  allowedHosts: securityConfig.allowedHosts,
  trustProxy: securityConfig.trustProxy,
};

/**
 * Boot: refuse unsafe exposure, open and migrate the database, bring up the demo upstream if needed, resume
 * unfinished work. Throws (and instrumentation exits) when the studio must not serve; `onLateProblem` is for
 * a listen address that only shows up after start-up (a custom server calls listen() later).
 */
export async function startBackgroundWork(options: { onLateProblem?: (problem: Error) => void } = {}): Promise<void> {
  const settingsProblem = exposureSettingsProblem(exposure);
  if (settingsProblem) throw new Error(settingsProblem);
  if (!watchListenAddress(options.onLateProblem)) throw new Error(openAccessProblem(exposure, listeningAddresses()) ?? "unsafe listen address");
  ensurePrivateDir(env.DATA_DIR);
  // Opens (and migrates) the database now: a wrong DATABASE_URL stops the start with its reason.
  if (!(await getStore().ping())) throw new Error("The database did not answer at start-up");
  // Not fatal: a demo simulator whose port is taken is retried by the next request that needs it.
  await getProvider().catch((error: unknown) => log.error("the upstream is not available yet", { error }));
  await startReconciler();
  if (process.env.NODE_ENV === "production") installGracefulShutdown();
  const { provider, profile, route } = env.upstream;
  log.info("luma studio ready", {
    mode: env.isDemo ? "demo" : provider === "official" ? "luma-api" : "gateway",
    provider,
    profile: provider === "official" ? "official" : profile.id,
    route,
    database: getStore().dialect,
    upstream: env.isDemo ? "simulator" : env.LUMA_BASE_URL,
  });
  if (securityConfig.accessMode === "local") announceAccessLink();
}

/**
 * False when the process already listens somewhere it must not. `next start` and the standalone server
 * listen before instrumentation runs; a custom server usually after, so its sockets are watched for a while.
 */
function watchListenAddress(onLateProblem?: (problem: Error) => void): boolean {
  if (openAccessProblem(exposure, listeningAddresses())) return false;
  if (listeningAddresses().length > 0 || !onLateProblem) return true;
  const deadline = Date.now() + LISTEN_WATCH_MS;
  const timer = setInterval(() => {
    const addresses = listeningAddresses();
    const problem = openAccessProblem(exposure, addresses);
    if (problem) onLateProblem(new Error(problem));
    if (problem || addresses.length > 0 || Date.now() > deadline) clearInterval(timer);
  }, 100);
  timer.unref();
  return true;
}

/** Printed (not logged: the log redacts tokens) so the person who started the studio can open it. */
function announceAccessLink(): void {
  const file = accessTokenFile();
  process.stdout.write(
    [
      "",
      "  Luma Studio has no password, so it opens only in a browser on this computer, with this link",
      `  (the browser remembers it${file ? `; the token is also in ${file}` : ""}):`,
      "",
      `    ${accessLink(process.env.PORT)}`,
      "",
      "  Set APP_PASSWORD to sign in with a password instead.",
      "",
      "",
    ].join("\n"),
  );
}
