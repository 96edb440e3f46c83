import "server-only";
import { sessionFromRequest } from "@/lib/auth/session";
import { clientAddressFrom } from "./client-address";
import { securityConfig } from "./config";

/** Who is asking, for the spending limits: the signed-in session (when passwords are on) and the address. */
export async function requesterFrom(request: Request): Promise<{ sessionId: string | null; address: string }> {
  const session = securityConfig.isPasswordRequired ? await sessionFromRequest(request) : null;
  return { sessionId: session?.id ?? null, address: clientAddressFrom(request.headers, securityConfig.trustProxy) };
}
