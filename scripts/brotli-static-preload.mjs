// `node --import ./scripts/brotli-static-preload.mjs <server>`: serves the build's Brotli copies of Next's static
// files in front of Next (scripts/brotli-static.mjs says why and how).
import { installBrotliStatic } from "./brotli-static.mjs";

installBrotliStatic();
