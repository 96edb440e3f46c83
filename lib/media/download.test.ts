import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalStorage } from "@/lib/storage/local-storage";
import type { MediaStorage } from "@/lib/storage/types";
import { MediaDownloadError, downloadToStorage, sniffContentType } from "./download";
import { isInternalAddress } from "./guarded-fetch";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

let root: string;
let storage: MediaStorage;
let servers: http.Server[] = [];

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "luma-download-"));
  storage = createLocalStorage(root);
});

afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  servers = [];
  await fs.rm(root, { recursive: true, force: true });
});

async function serve(handler: Handler): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/media`;
}

function mp4(length: number): Buffer {
  const body = Buffer.alloc(length, 7);
  body.writeUInt32BE(24, 0);
  body.write("ftypisom", 4, "latin1");
  return body;
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500, 1)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 2)]);
const WEBP = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WEBPVP8 "), Buffer.alloc(100, 3)]);

function sendBytes(body: Buffer, contentType: string, options: { chunked?: boolean } = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { "Content-Type": contentType, ...(options.chunked ? {} : { "Content-Length": body.length }) });
    res.end(body);
  };
}

/** The test servers stand in for the upstream's own host, the one origin allowed on loopback and over http. */
function upstreamOrigin(url: string): string | undefined {
  return URL.canParse(url) ? new URL(url).origin : undefined;
}

async function download(url: string, overrides: Partial<Parameters<typeof downloadToStorage>[0]> = {}) {
  return downloadToStorage({
    url,
    key: "gen/g1/video.mp4",
    kind: "video",
    maxBytes: 10_000_000,
    timeoutMs: 5_000,
    storage,
    policy: { trustedOrigin: upstreamOrigin(url) },
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<MediaDownloadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaDownloadError);
  return error as MediaDownloadError;
}

/** Nothing may be visible under the key and no temp file may linger. */
async function expectNothingLeft(key = "gen/g1/video.mp4") {
  expect(await storage.stat(key)).toBeNull();
  expect(await fs.readdir(await storage.tempDir())).toEqual([]);
}

describe("downloadToStorage", () => {
  it("stores an MP4 streamed in chunks", async () => {
    const body = mp4(3_000_000);
    const url = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": body.length });
      let offset = 0;
      const pump = () => {
        while (offset < body.length) {
          const next = Math.min(offset + 65_536, body.length);
          const canContinue = res.write(body.subarray(offset, next));
          offset = next;
          if (!canContinue) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });

    const stored = await download(url);
    expect(stored).toEqual({ key: "gen/g1/video.mp4", size: body.length, contentType: "video/mp4" });
    expect((await fs.readFile(path.join(root, "gen/g1/video.mp4"))).equals(body)).toBe(true);
    expect(await fs.readdir(await storage.tempDir())).toEqual([]);
  });

  it("accepts binary/octet-stream for video and stores the verified type", async () => {
    const url = await serve(sendBytes(mp4(1000), "binary/octet-stream", { chunked: true }));
    expect((await download(url)).contentType).toBe("video/mp4");
  });

  it("stores a JPEG, and a PNG or WEBP under the type its bytes prove", async () => {
    const jpegUrl = await serve(sendBytes(JPEG, "image/jpeg"));
    expect(await download(jpegUrl, { key: "gen/g1/thumb.jpg", kind: "image" })).toEqual({
      key: "gen/g1/thumb.jpg",
      size: JPEG.length,
      contentType: "image/jpeg",
    });

    const pngUrl = await serve(sendBytes(PNG, "image/jpeg"));
    expect((await download(pngUrl, { key: "gen/g1/last.jpg", kind: "image" })).contentType).toBe("image/png");
    expect((await storage.stat("gen/g1/last.jpg"))?.contentType).toBe("image/png");

    const webpUrl = await serve(sendBytes(WEBP, "image/webp"));
    expect((await download(webpUrl, { key: "gen/g1/x.webp", kind: "image" })).contentType).toBe("image/webp");
  });

  it("rejects a content type that does not fit the kind", async () => {
    const url = await serve(sendBytes(mp4(1000), "text/html"));
    expect((await failure(download(url))).reason).toBe("bad_type");
    const imageUrl = await serve(sendBytes(JPEG, "application/octet-stream"));
    expect((await failure(download(imageUrl, { key: "gen/g1/thumb.jpg", kind: "image" }))).reason).toBe("bad_type");
    await expectNothingLeft();
    await expectNothingLeft("gen/g1/thumb.jpg");
  });

  it("rejects bytes that are not what the header claims", async () => {
    const url = await serve(sendBytes(Buffer.from("<html>definitely not a video</html>"), "video/mp4"));
    expect((await failure(download(url))).reason).toBe("bad_type");
    const imageUrl = await serve(sendBytes(mp4(1000), "image/jpeg"));
    expect((await failure(download(imageUrl, { key: "gen/g1/thumb.jpg", kind: "image" }))).reason).toBe("bad_type");
    await expectNothingLeft();
  });

  it("refuses a declared size over the limit before reading the body", async () => {
    const url = await serve(sendBytes(mp4(5000), "video/mp4"));
    expect((await failure(download(url, { maxBytes: 4999 }))).reason).toBe("too_large");
    await expectNothingLeft();
  });

  it("aborts a chunked body that grows past the limit and leaves no file", async () => {
    let isClosedByClient = false;
    const url = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "video/mp4" });
      res.write(mp4(65_536));
      const timer = setInterval(() => res.write(Buffer.alloc(65_536, 9)), 5);
      res.on("close", () => {
        isClosedByClient = true;
        clearInterval(timer);
      });
    });
    const error = await failure(download(url, { maxBytes: 1_000_000 }));
    expect(error.reason).toBe("too_large");
    await expectNothingLeft();
    await expect.poll(() => isClosedByClient).toBe(true);
  });

  it("reports a body shorter than its Content-Length as truncated and leaves no file", async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": 10_000 });
      res.write(mp4(4_000));
      setTimeout(() => res.destroy(), 20);
    });
    const error = await failure(download(url));
    expect(error.reason).toBe("truncated");
    await expectNothingLeft();
  });

  it("maps an S3 AccessDenied / expired answer to expired", async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message><Expires>2024-01-01T00:00:00Z</Expires></Error>';
    const url403 = await serve((_req, res) => {
      res.writeHead(403, { "Content-Type": "application/xml" });
      res.end(xml);
    });
    const error = await failure(download(url403));
    expect(error.reason).toBe("expired");
    expect(error.status).toBe(403);

    const url400 = await serve((_req, res) => {
      res.writeHead(400, { "Content-Type": "application/xml" });
      res.end(xml);
    });
    expect((await failure(download(url400))).reason).toBe("expired");

    const url200 = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/xml" });
      res.end(xml);
    });
    expect((await failure(download(url200))).reason).toBe("expired");
    await expectNothingLeft();
  });

  it("maps 410 to expired, 404 to not_found and other errors to http", async () => {
    const statusUrl = (status: number) =>
      serve((_req, res) => {
        res.writeHead(status, { "Content-Type": "text/plain" });
        res.end("nope");
      });
    expect((await failure(download(await statusUrl(410)))).reason).toBe("expired");
    const notFound = await failure(download(await statusUrl(404)));
    expect([notFound.reason, notFound.status]).toEqual(["not_found", 404]);
    const serverError = await failure(download(await statusUrl(500)));
    expect([serverError.reason, serverError.status]).toEqual(["http", 500]);
  });

  it("times out on a host that stalls, before or during the body", async () => {
    const silentUrl = await serve(() => {});
    const beforeHeaders = await failure(download(silentUrl, { timeoutMs: 200 }));
    expect(beforeHeaders.reason).toBe("timeout");

    const stallingUrl = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": 100_000 });
      res.write(mp4(1000));
    });
    const started = Date.now();
    const duringBody = await failure(download(stallingUrl, { timeoutMs: 300 }));
    expect(duringBody.reason).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
    await expectNothingLeft();
  });

  it("reports an unreachable host as a network error", async () => {
    const url = await serve(() => {});
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    expect((await failure(download(url))).reason).toBe("network");
  });

  it("goes through the injected fetch", async () => {
    const url = await serve(sendBytes(mp4(100), "video/mp4"));
    const calls: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    expect((await download(url, { fetch: recordingFetch })).size).toBe(100);
    expect(calls).toEqual([url]);
  });

  it("refuses non-HTTP URLs without fetching", async () => {
    expect((await failure(download("file:///etc/passwd"))).reason).toBe("http");
  });
});

describe("where media may come from", () => {
  /** A server on this machine that is not the upstream: what a hostile gateway would point the archiver at. */
  async function internalService() {
    const hits: string[] = [];
    const url = await serve((req, res) => {
      hits.push(req.url ?? "");
      sendBytes(mp4(100), "video/mp4")(req, res);
    });
    return { url, hits };
  }

  it("refuses a loopback address other than the upstream's own, without connecting", async () => {
    const internal = await internalService();
    const error = await failure(download(internal.url, { policy: { trustedOrigin: "http://127.0.0.1:1" } }));
    expect(error.reason).toBe("refused");
    expect(internal.hits).toEqual([]);
    await expectNothingLeft();
  });

  it("refuses metadata, private and mapped addresses named as literals", async () => {
    for (const url of [
      "https://169.254.169.254/latest/meta-data/",
      "https://10.0.0.8/v.mp4",
      "https://192.168.1.1/v.mp4",
      "https://[::1]/v.mp4",
      "https://[::ffff:127.0.0.1]/v.mp4",
      "https://[fd00::1]/v.mp4",
    ]) {
      expect((await failure(download(url, { policy: {} }))).reason, url).toBe("refused");
    }
  });

  it("refuses plain http from any host but the upstream's", async () => {
    const error = await failure(download("http://media.example.com/v.mp4", { policy: { trustedOrigin: "https://gateway.example.com" } }));
    expect(error.reason).toBe("refused");
    expect(error.message).toMatch(/https/);
  });

  it("checks the address a name resolves to, not only the name", async () => {
    const internal = await internalService();
    const port = new URL(internal.url).port;
    const error = await failure(download(`https://localhost:${port}/media`, { policy: { trustedOrigin: "https://gateway.example.com" } }));
    expect(error.reason).toBe("refused");
    expect(error.message).toMatch(/internal addresses/);
    expect(internal.hits).toEqual([]);
  });

  it("checks every redirect hop: the upstream's host may not send the archiver elsewhere on this machine", async () => {
    const internal = await internalService();
    const gateway = await serve((_req, res) => {
      res.writeHead(302, { location: internal.url });
      res.end();
    });
    expect((await failure(download(gateway))).reason).toBe("refused");
    expect(internal.hits).toEqual([]);
    await expectNothingLeft();
  });

  it("follows redirects that stay where media may come from", async () => {
    let hops = 0;
    const url = await serve((req, res) => {
      if (req.url === "/media") {
        hops += 1;
        res.writeHead(307, { location: "/signed/video.mp4" });
        res.end();
        return;
      }
      sendBytes(mp4(300), "video/mp4")(req, res);
    });
    expect((await download(url)).size).toBe(300);
    expect(hops).toBe(1);
  });

  it("stops after five redirects", async () => {
    const url = await serve((req, res) => {
      res.writeHead(302, { location: `/media?n=${Number(new URL(req.url ?? "/", "http://x").searchParams.get("n") ?? 0) + 1}` });
      res.end();
    });
    const error = await failure(download(url));
    expect(error.reason).toBe("refused");
    expect(error.message).toMatch(/redirected more than 5/);
  });
});

describe("isInternalAddress", () => {
  it("knows the internal ranges and lets public addresses through", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.0.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fc00::1",
      "::ffff:10.0.0.1",
      "224.0.0.1",
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "172.32.0.1", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });
});

describe("sniffContentType", () => {
  it("recognises each accepted format only for its kind", () => {
    expect(sniffContentType(mp4(12), "video")).toBe("video/mp4");
    expect(sniffContentType(mp4(12), "image")).toBeNull();
    expect(sniffContentType(JPEG, "image")).toBe("image/jpeg");
    expect(sniffContentType(JPEG, "video")).toBeNull();
    expect(sniffContentType(PNG.subarray(0, 12), "image")).toBe("image/png");
    expect(sniffContentType(WEBP.subarray(0, 12), "image")).toBe("image/webp");
    expect(sniffContentType(Buffer.from("RIFF\0\0\0\0AVI "), "image")).toBeNull();
  });
});
