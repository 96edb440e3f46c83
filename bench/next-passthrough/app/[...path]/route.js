// Forwards every POST to the gateway with the key put in: no validation, no database, no limits. `fetch` is
// what a plain Next.js route would use.
export const dynamic = "force-dynamic";

export async function POST(request, { params }) {
  const { path } = await params;
  const answer = await fetch(`${process.env.PASSTHROUGH_TARGET}/${path.join("/")}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${process.env.PASSTHROUGH_API_KEY}` },
    body: await request.text(),
  });
  return new Response(answer.body, { status: answer.status, headers: { "content-type": answer.headers.get("content-type") ?? "application/json" } });
}

/** For the bench's readiness check. */
export function GET() {
  return new Response("ok");
}
