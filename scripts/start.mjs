#!/usr/bin/env node
// Starts the built studio with `next start`, the Brotli static files in front (scripts/brotli-static.mjs), on
// BIND_ADDRESS (default 127.0.0.1) and PORT (default 3000).
// Not HOSTNAME: container runtimes set that to the container's name. Without APP_PASSWORD the studio stays
// on loopback unless ALLOW_OPEN_ACCESS=true says that anyone who can reach it may use it.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, "..");
// The same .env files `next start` reads, so a password set in .env.local counts here too.
createRequire(require.resolve("next/package.json"))("@next/env").loadEnvConfig(root, false, { info: () => {}, error: console.error });

const flag = (value) => ["true", "1", "yes"].includes(String(value ?? "").toLowerCase());
const address = (process.env.BIND_ADDRESS || "127.0.0.1").trim();
const port = process.env.PORT || "3000";
const isLoopback = (value) => {
  const host = value.toLowerCase().replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
};

if (!isLoopback(address) && !process.env.APP_PASSWORD && !flag(process.env.ALLOW_OPEN_ACCESS)) {
  console.error(
    `Refusing to listen on ${address} without a password: anyone who can reach it could spend the API key.\n` +
      "Set APP_PASSWORD (recommended), or ALLOW_OPEN_ACCESS=true to serve it open on purpose, or leave BIND_ADDRESS unset (127.0.0.1).",
  );
  process.exit(1);
}

// Next prints "Ready" before the studio's own boot (instrumentation.ts: configuration, database) has run, and
// that boot may still refuse to start. Its output is held until the studio says it started (over an IPC
// channel), so "Ready" is never printed by a process that is about to exit; the refusal itself is on stderr.
// The preload serves the build's Brotli copies of Next's static files (scripts/brotli-static.mjs).
const preload = path.join(import.meta.dirname, "brotli-static-preload.mjs");
const child = spawn(process.execPath, ["--import", preload, require.resolve("next/dist/bin/next"), "start", "-H", address, "-p", port], {
  cwd: root,
  stdio: ["inherit", "pipe", "pipe", "ipc"],
});
let held = [];
const release = () => {
  if (!held) return;
  for (const chunk of held) process.stdout.write(chunk);
  held = null;
  if (child.connected) child.disconnect();
};
// The build also writes .next/standalone for the container image (next.config.mjs), and `next start` then warns
// that it "does not work" with that; it serves .next exactly as before, so the warning would only mislead.
const STANDALONE_WARNING = /^.*"next start" does not work with "output: standalone".*\n/m;
const withoutStandaloneWarning = (chunk) => Buffer.from(chunk.toString("utf8").replace(STANDALONE_WARNING, ""));
child.stdout.on("data", (chunk) => (held ? held.push(chunk) : process.stdout.write(chunk)));
child.stderr.on("data", (chunk) => process.stderr.write(withoutStandaloneWarning(chunk)));
child.on("message", (message) => {
  if (message?.type === "luma-studio:started") release();
});
// A build from before the handshake never sends it: show its output anyway rather than nothing.
setTimeout(release, 60_000).unref();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (held && code !== 0)
    held = [
      Buffer.from(
        Buffer.concat(held)
          .toString("utf8")
          .replace(/^.*\bReady in\b.*\n/m, ""),
      ),
    ];
  release();
  process.exit(code ?? (signal ? 1 : 0));
});
