import type { ToastInput } from "@/lib/client/toast-input";
import type { Generation } from "@/lib/generations/types";
import type { MessageKey, Translate } from "@/lib/i18n/translate";

/**
 * What to say once the server answered a create, retry or extend: started as asked, or the gateway's answer was
 * lost — still waiting for it (callbacks configured) or settled as not confirmed (check the usage log).
 */
export function startedToast(generation: Generation, t: Translate, started: { title: MessageKey; body: MessageKey }): ToastInput {
  if (generation.failureCode !== "outcome_unknown") return { tone: "success", title: t(started.title), description: t(started.body) };
  if (generation.state === "unknown") return { tone: "info", title: t("toast.unknownTitle"), description: t("toast.unknownBody") };
  return { tone: "error", title: t("toast.unconfirmedTitle"), description: t("toast.unconfirmedBody") };
}
