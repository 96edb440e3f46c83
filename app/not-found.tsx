import { NotFoundMessage } from "@/components/layout/not-found-message";
import { PlainShell } from "@/components/layout/plain-shell";

/** An address that matches no page: outside the studio group, so in the plain frame. */
export default function NotFound() {
  return (
    <PlainShell>
      <NotFoundMessage />
    </PlainShell>
  );
}
