import { getStore } from "@/lib/db/store";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    return Response.json({ ok: await getStore().ping() });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
