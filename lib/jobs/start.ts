import "server-only";
import { getDbHandle } from "@/lib/db/client";
import { env } from "@/lib/env";
import { getProvider } from "@/lib/generations/upstream";
import { log } from "@/lib/log";
import { startReconciler } from "./reconciler";

/** Boot: open and migrate the database, bring up the demo upstream if needed, resume unfinished work. */
export async function startBackgroundWork(): Promise<void> {
  getDbHandle();
  // Not fatal: a demo simulator whose port is taken is retried by the next request that needs it.
  await getProvider().catch((error: unknown) => log.error("the upstream is not available yet", { error }));
  startReconciler();
  const { provider, profile, route } = env.upstream;
  log.info("luma studio ready", {
    mode: env.isDemo ? "demo" : provider === "official" ? "luma-api" : "gateway",
    provider,
    profile: provider === "official" ? "official" : profile.id,
    route,
    upstream: env.isDemo ? "simulator" : env.LUMA_BASE_URL,
  });
}
