import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { AccessBanner } from "@/components/layout/access-banner";
import { AppProviders } from "@/components/layout/app-providers";
import { CapabilitiesProvider } from "@/components/layout/capabilities-provider";
import { DemoBanner } from "@/components/layout/demo-banner";
import { SiteHeader } from "@/components/layout/site-header";
import { THEME_SCRIPT } from "@/lib/client/theme-script";
import { UpstreamBanner } from "@/components/layout/upstream-banner";
import { env } from "@/lib/env";
import { activeCapabilities } from "@/lib/luma/upstream";
import { LOCALE_TAGS } from "@/lib/i18n/locale";
import { I18nProvider } from "@/lib/i18n/provider";
import { getLocale, getMessages } from "@/lib/i18n/server";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const messages = await getMessages();
  return {
    title: { default: messages.meta.title, template: `%s · ${messages.meta.title}` },
    description: messages.meta.description,
  };
}

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#0b0b0d" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, so the CSP nonce from proxy.ts reaches every inline script Next writes.
  await connection();
  const locale = await getLocale();
  const messages = await getMessages();
  return (
    <html lang={LOCALE_TAGS[locale]} data-theme="light" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-dvh">
        <I18nProvider locale={locale} messages={messages}>
          <CapabilitiesProvider capabilities={activeCapabilities()}>
            <AppProviders>
              <a
                href="#main"
                className="sr-only z-50 rounded-md bg-accent px-3 py-2 text-sm font-medium text-accent-fg focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
              >
                {messages.nav.skipToContent}
              </a>
              <AccessBanner />
              {env.isDemo ? <DemoBanner /> : null}
              <UpstreamBanner />
              <SiteHeader />
              <main id="main" className="mx-auto w-full max-w-6xl px-4 pt-8 pb-24 sm:px-6 sm:pt-10">
                {children}
              </main>
            </AppProviders>
          </CapabilitiesProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
