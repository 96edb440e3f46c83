"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { AlertIcon, RefreshIcon } from "@/components/ui/icons";
import { useT } from "@/lib/i18n/provider";

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useT();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div role="alert" className="flex flex-col items-center py-24 text-center">
      <span className="flex size-11 items-center justify-center rounded-full bg-red-500/10 text-red-600 dark:text-red-400">
        <AlertIcon className="size-5" />
      </span>
      <h1 className="mt-4 text-2xl font-semibold tracking-tight text-fg">{t("errorPage.title")}</h1>
      <p className="mt-2 max-w-md text-[15px] text-fg-muted">{t("errorPage.body")}</p>
      {digest ? <p className="mt-2 font-mono text-xs text-fg-subtle">{digest}</p> : null}
      <div className="mt-8 flex gap-3">
        <Button variant="primary" onClick={() => retry()} icon={<RefreshIcon className="size-4" />}>
          {t("errorPage.retry")}
        </Button>
        <Link href="/" className={buttonClasses("secondary")}>
          {t("errorPage.home")}
        </Link>
      </div>
    </div>
  );
}
