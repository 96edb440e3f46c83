import type { Metadata } from "next";
import { buttonClasses } from "@/components/ui/button";
import { getFormatters, getTranslator } from "@/lib/i18n/server";
import { safeReturnPath } from "@/lib/security/return-path";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslator())("auth.title"), robots: { index: false } };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** A plain form posting to /api/auth/login: it works before (and without) JavaScript. */
export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const t = await getTranslator();
  const next = safeReturnPath(first(params.next));
  const error = first(params.error);
  const retry = Number(first(params.retry));
  const message =
    error === "throttled"
      ? t("auth.throttled", { wait: (await getFormatters()).duration(Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : 60) })
      : error === "wrong"
        ? t("auth.wrong")
        : null;
  return (
    <div className="mx-auto flex max-w-sm flex-col py-16">
      <h1 className="text-2xl font-semibold tracking-tight text-fg">{t("auth.title")}</h1>
      <p className="mt-2 text-[15px] text-fg-muted">{t("auth.intro")}</p>
      <form method="post" action="/api/auth/login" className="mt-8 flex flex-col gap-4">
        <input type="hidden" name="next" value={next} />
        <label className="flex flex-col gap-1.5 text-sm font-medium text-fg">
          {t("auth.password")}
          <input
            type="password"
            name="password"
            required
            autoFocus
            autoComplete="current-password"
            aria-invalid={message ? true : undefined}
            aria-describedby={message ? "login-error" : undefined}
            className="h-10 rounded-lg border border-line bg-surface px-3 text-[15px] text-fg outline-none focus-visible:ring-2 focus-visible:ring-ring"
          />
        </label>
        {message ? (
          <p id="login-error" role="alert" className="text-sm text-red-600 dark:text-red-400">
            {message}
          </p>
        ) : null}
        <button type="submit" className={buttonClasses("primary", "lg")}>
          {t("auth.submit")}
        </button>
      </form>
    </div>
  );
}
