import type { ReactNode } from "react";
import { PlainShell } from "@/components/layout/plain-shell";

export default function LoginLayout({ children }: { children: ReactNode }) {
  return <PlainShell>{children}</PlainShell>;
}
