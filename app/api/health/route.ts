import { pingDatabase } from "@/lib/db/queries";

export const dynamic = "force-dynamic";

export function GET(): Response {
  try {
    return Response.json({ ok: pingDatabase() });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
