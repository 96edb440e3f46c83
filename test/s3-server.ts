import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A real S3 protocol server (s3rver, from npm) on a free loopback port with one empty bucket, for tests that
 * talk to S3-compatible storage through the AWS SDK exactly as production does. It runs as its own process
 * with OpenSSL's legacy provider: s3rver 3.7 encrypts ListObjectsV2 continuation tokens with DES, which
 * Node 17+ has only there (without it, any listing longer than one page fails with a 500).
 */
export type RunningS3 = {
  endpoint: string;
  bucket: string;
  /** The env a studio process needs to store its media there. */
  env: Record<string, string>;
  close(): Promise<void>;
};

/** The env a studio process needs to store its media in `bucket` on the s3rver at `endpoint`. */
export function s3rverEnv(endpoint: string, bucket: string): Record<string, string> {
  return {
    MEDIA_STORAGE: "s3",
    S3_ENDPOINT: endpoint,
    S3_BUCKET: bucket,
    S3_REGION: "us-east-1",
    // s3rver's fixed credentials.
    S3_ACCESS_KEY_ID: "S3RVER",
    S3_SECRET_ACCESS_KEY: "S3RVER",
    S3_FORCE_PATH_STYLE: "true",
  };
}

const S3RVER_BIN = path.resolve(import.meta.dirname, "../node_modules/s3rver/bin/s3rver.js");

/** On a free port unless `port` names one (the e2e server, whose clients must know it in advance). */
export async function startS3Server(bucket = "luma-media", { port: wantedPort = 0 } = {}): Promise<RunningS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "luma-s3-"));
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", S3RVER_BIN, "-d", directory, "-a", "127.0.0.1", "-p", String(wantedPort), "--silent", "--configure-bucket", bucket],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const found = /S3rver listening on [^:]+:(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited (${code}):\n${output}`));
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: s3rverEnv(endpoint, bucket),
    async close() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
