import "server-only";
import { env } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getProvider } from "@/lib/luma/upstream";
import { isLumaError, type LumaError } from "@/lib/luma/errors";
import { runCallbackProbe } from "./callback-probe";
import type { DiagnosticsReport, KeyCheckCode } from "./types";

/**
 * What the diagnostics page shows: the upstream in use (never the key), one cheap authenticated call that proves
 * the key (a status check of an id that cannot exist: it costs nothing), and, with PUBLIC_BASE_URL, a callback
 * round trip. Each failure is a code the page words as what to change, with the English details beside it.
 */
export async function runDiagnostics(): Promise<DiagnosticsReport> {
  const { upstream } = env;
  const capabilities = upstream.capabilities;
  const [key, callback] = await Promise.all([checkKey(), checkCallback()]);
  return {
    setup: {
      provider: upstream.provider,
      profile: capabilities.profile,
      label: capabilities.label,
      route: upstream.provider === "platform" ? upstream.route : null,
      address: env.isDemo ? null : displayAddress(upstream.baseUrl ?? env.LUMA_BASE_URL),
      isDemo: env.isDemo,
      publicBaseUrl: env.PUBLIC_BASE_URL ?? null,
      callbacks: capabilities.callbacks,
      actions: capabilities.actions,
    },
    key,
    balance: { status: "not_run", code: "none" },
    callback,
  };
}

/** An address as people recognise it: no user name, password, query or fragment (a key could hide in any of them). */
function displayAddress(baseUrl: string): string | null {
  if (!URL.canParse(baseUrl)) return null;
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

async function checkKey(): Promise<DiagnosticsReport["key"]> {
  try {
    const provider = await getProvider();
    await provider.checkKey();
    return { status: "passed", code: env.isDemo ? "demo" : "ok", detail: null };
  } catch (error) {
    if (isLumaError(error)) return { status: "failed", code: keyCheckCode(error), detail: error.message };
    if (isAppError(error)) return { status: "failed", code: "unavailable", detail: error.message };
    throw error;
  }
}

function keyCheckCode(error: LumaError): KeyCheckCode {
  switch (error.kind) {
    case "auth":
      return error.origin === "luma" && error.status === 403 ? "suspended" : "auth";
    case "payment":
      return "payment";
    case "rate_limited":
      return "rate_limited";
    case "network":
      return "network";
    case "timeout":
      return "timeout";
    case "upstream":
      return "upstream";
    default:
      // Anything else to a status check of a made-up id (a 400, an answer we cannot read) means the address or
      // the dialect is not what we think it is.
      return "protocol";
  }
}

async function checkCallback(): Promise<DiagnosticsReport["callback"]> {
  const base = env.PUBLIC_BASE_URL;
  if (!base) return { status: "not_run", code: "unset", url: null, detail: null };
  const url = `${base}/api/callbacks/`;
  const probe = await runCallbackProbe(base);
  return probe.hasArrived ? { status: "passed", code: "ok", url, detail: null } : { status: "failed", code: "failed", url, detail: probe.detail };
}
