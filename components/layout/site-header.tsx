import Link from "next/link";
import { ToastViewport } from "@/components/ui/toast";
import { getTranslator } from "@/lib/i18n/server";
import { BrandMark } from "@/components/layout/brand-mark";
import { ConnectionStatus } from "@/components/layout/connection-status";
import { LanguageSwitch } from "@/components/layout/language-switch";
import { NavLinks } from "@/components/layout/nav-links";
import { NotificationsToggle } from "@/components/layout/notifications-toggle";
import { SignOutButton } from "@/components/layout/sign-out-button";
import { ThemeToggle } from "@/components/layout/theme-toggle";

export async function SiteHeader() {
  const t = await getTranslator();
  return (
    <header className="sticky top-0 z-40 border-b border-line bg-canvas/85 backdrop-blur supports-[backdrop-filter]:bg-canvas/70">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2.5 sm:gap-x-6 sm:px-6">
        <Link
          href="/"
          aria-label={t("nav.home")}
          className="flex items-center gap-2.5 rounded-md text-[15px] font-semibold tracking-tight text-fg outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <BrandMark />
          <span className="max-[420px]:sr-only">{t("meta.title")}</span>
        </Link>
        <div className="order-last -mx-1 w-full sm:order-none sm:mx-0 sm:w-auto">
          <NavLinks />
        </div>
        <div className="ml-auto flex items-center gap-2">
          <NotificationsToggle />
          <LanguageSwitch />
          <ThemeToggle />
          <SignOutButton />
        </div>
      </div>
      <ConnectionStatus />
      <ToastViewport regionLabel={t("toast.regionLabel")} dismissLabel={t("toast.dismiss")} />
    </header>
  );
}
