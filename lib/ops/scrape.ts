import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { GENERATION_STATES, UPSTREAM_HEALTH_STATES } from "@/lib/constants";
import { getStore } from "@/lib/db/store";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getUpstreamStatus } from "@/lib/luma/upstream-health";
import { openStreamTotal } from "@/lib/security/live-streams";
import { renderMetrics, type Gauge } from "./metrics";
import { isShuttingDown } from "./shutdown-state";

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/**
 * No token configured: the route does not exist (404), so nothing about the studio is given away. A missing or
 * wrong token: 401. Compared as digests in constant time.
 */
export function assertMetricsAccess(authorization: string | null): void {
  const token = env.METRICS_TOKEN;
  if (!token) throw new AppError("not_found", "Not found.");
  const offered = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? "")?.[1];
  if (!offered || !timingSafeEqual(digest(offered), digest(token))) {
    throw new AppError("unauthorized", "Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.");
  }
}

const lagSeconds = (dueAt: number | null, now: number) => (dueAt === null ? 0 : Math.max(0, (now - dueAt) / 1000));

/** One scrape: the gauges read now, plus the counters this process has kept since it started. */
export async function scrapeMetrics(now = Date.now()): Promise<string> {
  const store = getStore();
  const [byState, due] = await Promise.all([store.countGenerationsByState(), store.oldestDueWork(now)]);
  const health = getUpstreamStatus().health;
  const gauges: Gauge[] = [
    {
      name: "luma_generations",
      help: "Generations in the database, by state.",
      series: GENERATION_STATES.map((state) => ({ labels: { state }, value: byState[state] ?? 0 })),
    },
    {
      name: "luma_reconciler_lag_seconds",
      help: 'How long the oldest due work has waited: queue="status" for status checks, "archive" for media copies.',
      series: [
        { labels: { queue: "status" }, value: lagSeconds(due.statusCheck, now) },
        { labels: { queue: "archive" }, value: lagSeconds(due.archive, now) },
      ],
    },
    { name: "luma_live_streams_open", help: "Live-event streams open in this process.", series: [{ value: openStreamTotal() }] },
    {
      name: "luma_upstream_health",
      help: "The gateway's last known state (1 for the current one).",
      series: UPSTREAM_HEALTH_STATES.map((state) => ({ labels: { state }, value: state === health ? 1 : 0 })),
    },
    { name: "luma_shutting_down", help: "1 once this process received SIGTERM.", series: [{ value: isShuttingDown() ? 1 : 0 }] },
    {
      name: "luma_process_start_time_seconds",
      help: "When this process started, Unix seconds.",
      series: [{ value: Math.round((Date.now() - process.uptime() * 1000) / 1000) }],
    },
  ];
  return renderMetrics(gauges);
}
