import { handleLogin } from "@/lib/auth/routes";
import { withErrorHandling } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Sign in with APP_PASSWORD: a form post (303 back to the page asked for) or JSON (200 with the cookie). */
export const POST = withErrorHandling(handleLogin);
