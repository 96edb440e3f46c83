"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Capabilities } from "@/lib/luma/capabilities";

const CapabilitiesContext = createContext<Capabilities | null>(null);

/** What the active upstream offers, decided once on the server (the root layout) and read by the controls that depend on it. */
export function CapabilitiesProvider({ capabilities, children }: { capabilities: Capabilities; children: ReactNode }) {
  return <CapabilitiesContext value={capabilities}>{children}</CapabilitiesContext>;
}

export function useCapabilities(): Capabilities {
  const capabilities = useContext(CapabilitiesContext);
  if (!capabilities) throw new Error("useCapabilities() needs a <CapabilitiesProvider> above it");
  return capabilities;
}
