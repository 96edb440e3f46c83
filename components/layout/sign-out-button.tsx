import { cookies } from "next/headers";
import { buttonClasses } from "@/components/ui/button";
import { SESSION_COOKIE, verifySessionToken } from "@/lib/auth/session";
import { getTranslator } from "@/lib/i18n/server";
import { securityConfig } from "@/lib/security/config";

/** A plain form post, so signing out works before hydration too. Rendered only for a signed-in visitor. */
export async function SignOutButton() {
  if (!securityConfig.isPasswordRequired) return null;
  const session = await verifySessionToken((await cookies()).get(SESSION_COOKIE)?.value);
  if (!session) return null;
  return (
    <form method="post" action="/api/auth/logout">
      <button type="submit" className={buttonClasses("ghost", "sm")}>
        {(await getTranslator())("auth.signOut")}
      </button>
    </form>
  );
}
