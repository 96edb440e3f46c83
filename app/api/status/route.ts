import { env } from "@/lib/env";
import { getUpstreamStatus } from "@/lib/luma/upstream-health";

export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ demo: env.isDemo, upstream: getUpstreamStatus() });
}
