import { checkReadiness } from "@/lib/ops/readiness";

export const dynamic = "force-dynamic";

/** Readiness for a load balancer: 200 when this instance can serve, 503 naming what failed. `/api/health` is liveness. */
export async function GET(): Promise<Response> {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
