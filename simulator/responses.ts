/** Low-level writes in the shapes real gateways use (one-api errors, Luma `detail`, S3 XML, nginx HTML). */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 25 * 1024 * 1024; // data: URIs for keyframes can be large

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** one-api style request id: a timestamp followed by random characters. */
export function newRequestId(): string {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 17);
  return `${stamp}${randomBytes(4).toString("hex")}`;
}

export function sendGatewayError(
  res: ServerResponse,
  status: number,
  error: { message: string; type: string; code?: string },
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error }, headers);
}

export function sendInvalidRequest(res: ServerResponse, message: string): void {
  sendGatewayError(res, 400, { message, type: "invalid_request_error", code: "invalid_parameter" });
}

/** Luma's own error shape (`{"detail": …}`), also what gateways pass through from Luma. */
export function sendDetail(res: ServerResponse, status: number, detail: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { detail }, headers);
}

export function sendHtmlServerError(res: ServerResponse): void {
  const html =
    "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>\r\n" +
    "<center><h1>500 Internal Server Error</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  res.writeHead(500, { "content-type": "text/html", "content-length": Buffer.byteLength(html) });
  res.end(html);
}

export function sendXmlError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, { "content-type": "application/xml", "content-length": Buffer.byteLength(xml) });
  res.end(xml);
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; message: string };

export async function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Drain an oversized body instead of aborting the stream, so the 413 can still be delivered.
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: "request body too large" };
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: "request body must be a JSON object" };
  }
}
