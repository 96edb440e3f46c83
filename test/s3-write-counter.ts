import http from "node:http";

/**
 * A pass-through HTTP proxy in front of an S3 server that records every object write the server accepted, so a
 * test can prove a key was written exactly once. A write is a 2xx answer to a whole-object PUT or to a
 * CompleteMultipartUpload (POST with `uploadId`); part uploads and aborted requests are not writes, because
 * nothing becomes visible in the bucket until one of those two succeeds. Headers go through untouched (the
 * signature covers `Host`), and each app instance gets its own proxy so the writes say who made them.
 */
export type S3Write = { key: string; kind: "put" | "complete-multipart"; at: number };

export type S3WriteCounter = {
  endpoint: string;
  writes: S3Write[];
  close(): Promise<void>;
};

/** The object key of a path-style request (`/bucket/key`), or null for bucket-level requests. */
function objectKey(pathname: string, bucket: string): string | null {
  const prefix = `/${bucket}/`;
  return pathname.startsWith(prefix) ? decodeURIComponent(pathname.slice(prefix.length)) : null;
}

function writeKind(method: string | undefined, query: URLSearchParams): S3Write["kind"] | null {
  if (method === "PUT" && !query.has("partNumber") && !query.has("uploadId")) return "put";
  if (method === "POST" && query.has("uploadId")) return "complete-multipart";
  return null;
}

export async function startS3WriteCounter(upstreamEndpoint: string, bucket: string): Promise<S3WriteCounter> {
  const upstream = new URL(upstreamEndpoint);
  const writes: S3Write[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://proxy.invalid");
    const key = objectKey(url.pathname, bucket);
    const kind = writeKind(request.method, url.searchParams);
    const forwarded = http.request(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.once("end", () => {
          const status = answer.statusCode ?? 0;
          if (key && kind && status >= 200 && status < 300) writes.push({ key, kind, at: Date.now() });
        });
      },
    );
    forwarded.once("error", () => response.destroy());
    // A writer that dies mid-request (SIGKILL) must not leave a half-sent body looking complete upstream.
    request.once("aborted", () => forwarded.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the S3 write counter has no port");
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    writes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
