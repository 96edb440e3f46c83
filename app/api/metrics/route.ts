import { withErrorHandling } from "@/lib/http";
import { assertMetricsAccess, scrapeMetrics } from "@/lib/ops/scrape";

export const dynamic = "force-dynamic";

/** Prometheus text format, for a scraper holding METRICS_TOKEN; 404 while no token is configured. */
export const GET = withErrorHandling(async (request: Request) => {
  assertMetricsAccess(request.headers.get("authorization"));
  return new Response(await scrapeMetrics(), {
    headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" },
  });
});
