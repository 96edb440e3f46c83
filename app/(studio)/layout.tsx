import type { ReactNode } from "react";
import { AccessBanner } from "@/components/layout/access-banner";
import { AppProviders } from "@/components/layout/app-providers";
import { CapabilitiesProvider } from "@/components/layout/capabilities-provider";
import { DemoBanner } from "@/components/layout/demo-banner";
import { SiteHeader } from "@/components/layout/site-header";
import { SkipLink } from "@/components/layout/skip-link";
import { UpstreamBanner } from "@/components/layout/upstream-banner";
import { env } from "@/lib/env";
import { activeCapabilities } from "@/lib/luma/upstream";

/**
 * The studio's pages (create, gallery, detail, diagnostics) share the header, the banners and the client
 * providers (SWR, the live stream, toasts, actions). The sign-in page sits outside this group, so a person who
 * has not signed in downloads none of it (first-load budgets in e2e/scale.spec.ts).
 */
export default function StudioLayout({ children }: { children: ReactNode }) {
  return (
    <CapabilitiesProvider capabilities={activeCapabilities()}>
      <AppProviders>
        <SkipLink />
        <AccessBanner />
        {env.isDemo ? <DemoBanner /> : null}
        <UpstreamBanner />
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 pt-8 pb-24 sm:px-6 sm:pt-10">
          {children}
        </main>
      </AppProviders>
    </CapabilitiesProvider>
  );
}
