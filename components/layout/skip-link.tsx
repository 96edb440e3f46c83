import { getTranslator } from "@/lib/i18n/server";

/** The first thing a keyboard reaches: straight to the page's own content (`<main id="main">`). */
export async function SkipLink() {
  const t = await getTranslator();
  return (
    <a
      href="#main"
      className="sr-only z-50 rounded-md bg-accent px-3 py-2 text-sm font-medium text-accent-fg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      {t("nav.skipToContent")}
    </a>
  );
}
