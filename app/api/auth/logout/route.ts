import { handleLogout } from "@/lib/auth/routes";
import { withErrorHandling } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Signs out: the cookie is cleared and the session stops working on this server. */
export const POST = withErrorHandling(handleLogout);
