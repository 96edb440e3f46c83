import type { Capabilities, ProviderName } from "@/lib/luma/capabilities";

/** `GET /api/diagnostics`, as the diagnostics page reads it. Client-safe; never carries the key, nor any part of it. */

export type CheckStatus = "passed" | "failed" | "not_run";

/** Each code is a sentence in the page's language that says what to change (lib/i18n messages `diagnostics.key*`). */
export const KEY_CHECK_CODES = [
  "ok",
  "demo",
  "auth",
  "suspended",
  "payment",
  "rate_limited",
  "network",
  "timeout",
  "protocol",
  "upstream",
  "unavailable",
] as const;
export type KeyCheckCode = (typeof KEY_CHECK_CODES)[number];

export type DiagnosticsReport = {
  setup: {
    provider: ProviderName;
    /** The gateway profile (`openai-hub`, …) or `official`. */
    profile: string;
    label: string;
    /** The gateway route (`standard`, `pro`, `v2`); null for Luma's API. */
    route: string | null;
    /** Where requests go, without credentials or query; null in demo mode. */
    address: string | null;
    isDemo: boolean;
    publicBaseUrl: string | null;
    callbacks: boolean;
    actions: Capabilities["actions"];
  };
  key: { status: CheckStatus; code: KeyCheckCode; detail: string | null };
  /** No profile in our table has a balance endpoint, so this check says where to look instead. */
  balance: { status: "not_run"; code: "none" };
  callback: { status: CheckStatus; code: "unset" | "ok" | "failed"; url: string | null; detail: string | null };
};
