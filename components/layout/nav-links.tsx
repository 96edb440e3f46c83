"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useT } from "@/lib/i18n/provider";

const LINKS = [
  { href: "/", label: "nav.create" },
  { href: "/gallery", label: "nav.gallery" },
  { href: "/diagnostics", label: "diagnostics.nav" },
] as const;

export function NavLinks() {
  const t = useT();
  const pathname = usePathname();
  return (
    <nav aria-label={t("nav.label")}>
      <ul className="flex items-center gap-1">
        {LINKS.map((link) => {
          const isCurrent = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={isCurrent ? "page" : undefined}
                className={`inline-flex h-8 items-center rounded-md px-3 text-sm font-medium transition-colors outline-none focus-visible:ring-2 focus-visible:ring-ring ${
                  isCurrent ? "bg-surface-sunken text-fg" : "text-fg-muted hover:bg-surface-muted hover:text-fg"
                }`}
              >
                {t(link.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
