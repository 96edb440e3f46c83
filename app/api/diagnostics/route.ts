import { runDiagnostics } from "@/lib/diagnostics/run";
import { withErrorHandling } from "@/lib/http";

export const dynamic = "force-dynamic";

/** The diagnostics page's checks; each run makes one status call to the upstream and, with PUBLIC_BASE_URL, one probe. */
export const GET = withErrorHandling(async () => Response.json(await runDiagnostics(), { headers: { "Cache-Control": "no-store" } }));
