import "server-only";
import type { NextRequest } from "next/server";
import { sessionFromRequest } from "@/lib/auth/session";
import { log } from "@/lib/log";
import { clientAddressFrom, isUnconfiguredRelay } from "./client-address";
import { securityConfig } from "./config";

const UNCONFIGURED_RELAY_LOG_INTERVAL_MS = 60 * 60_000;

/** The client's address (lib/security/client-address.ts), and a hint in the log when a proxy needs TRUST_PROXY. */
export function clientAddress(request: Request): string {
  if (isUnconfiguredRelay(request.headers, securityConfig.trustProxy)) {
    log.warnAtMostEvery(
      "unconfigured-relay",
      UNCONFIGURED_RELAY_LOG_INTERVAL_MS,
      "requests arrive through a proxy but TRUST_PROXY is not set: sign-in throttling and rate limits count everyone behind it as one address. Set TRUST_PROXY=true if you run that proxy.",
    );
  }
  return clientAddressFrom(request.headers, securityConfig.trustProxy);
}

/** Who is asking, for the spending limits: the signed-in session (when passwords are on) and the address. */
export async function requesterFrom(request: NextRequest): Promise<{ sessionId: string | null; address: string }> {
  const session = securityConfig.isPasswordRequired ? await sessionFromRequest(request) : null;
  return { sessionId: session?.id ?? null, address: clientAddress(request) };
}
