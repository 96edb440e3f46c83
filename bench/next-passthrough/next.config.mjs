// The simplest Next.js front end for a Luma gateway, built and started by bench/create-overhead.ts: what
// Next.js itself adds to a create, measured beside our route (which runs in the same framework).
import path from "node:path";

const config = { turbopack: { root: path.resolve(import.meta.dirname, "../..") } };
export default config;
