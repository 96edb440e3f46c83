"use client";

import { useSyncExternalStore } from "react";
import { focusRing } from "@/components/ui/button";
import { BellIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import { isNotificationSupported, readNotificationsEnabled, saveNotificationsEnabled, subscribeNotificationsEnabled } from "@/lib/client/browser-notifications";
import { useT } from "@/lib/i18n/provider";

/** Opt-in system notifications: the browser's permission prompt appears only after this button is pressed. */
export function NotificationsToggle() {
  const t = useT();
  const { showToast } = useToast();
  const isEnabled = useSyncExternalStore(subscribeNotificationsEnabled, readNotificationsEnabled, () => false);

  const toggle = async () => {
    if (!isNotificationSupported()) {
      showToast({ tone: "error", title: t("notify.unsupported") });
      return;
    }
    if (isEnabled) {
      saveNotificationsEnabled(false);
      showToast({ tone: "info", title: t("notify.disabled"), durationMs: 3000 });
      return;
    }
    const permission = Notification.permission === "default" ? await Notification.requestPermission() : Notification.permission;
    if (permission !== "granted") {
      saveNotificationsEnabled(false);
      showToast({ tone: "error", title: t("notify.denied") });
      return;
    }
    saveNotificationsEnabled(true);
    showToast({ tone: "success", title: t("notify.enabled"), description: t("notify.enabledBody") });
  };

  return (
    <button
      type="button"
      aria-pressed={isEnabled}
      aria-label={t("notify.toggle")}
      title={t("notify.toggle")}
      onClick={() => void toggle()}
      className={`relative flex size-8 items-center justify-center rounded-lg border border-line bg-surface transition-colors hover:border-line-strong ${isEnabled ? "text-accent" : "text-fg-subtle hover:text-fg"} ${focusRing}`}
    >
      <BellIcon className={`size-4 ${isEnabled ? "fill-current/20" : ""}`} />
      {isEnabled ? <span aria-hidden="true" className="absolute top-1.5 right-1.5 size-1.5 rounded-full bg-accent" /> : null}
    </button>
  );
}
