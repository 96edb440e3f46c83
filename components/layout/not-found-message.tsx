import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { getTranslator } from "@/lib/i18n/server";

/** What a missing page says, inside the studio's frame or the plain one (app/not-found.tsx, app/(studio)/not-found.tsx). */
export async function NotFoundMessage() {
  const t = await getTranslator();
  return (
    <div className="flex flex-col items-center py-24 text-center">
      <p className="font-mono text-sm font-medium text-accent">404</p>
      <h1 className="mt-3 text-2xl font-semibold tracking-tight text-fg">{t("notFound.title")}</h1>
      <p className="mt-2 text-[15px] text-fg-muted">{t("notFound.body")}</p>
      <Link href="/" className={buttonClasses("primary", "md", "mt-8")}>
        {t("notFound.home")}
      </Link>
    </div>
  );
}
