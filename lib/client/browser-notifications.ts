/** The opt-in for browser notifications, remembered per browser; permission is asked only from a click. */
const STORAGE_KEY = "luma-studio:notifications";
const listeners = new Set<() => void>();

export function isNotificationSupported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

export function readNotificationsEnabled(): boolean {
  try {
    return isNotificationSupported() && localStorage.getItem(STORAGE_KEY) === "on" && Notification.permission === "granted";
  } catch {
    return false;
  }
}

export function subscribeNotificationsEnabled(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

export function saveNotificationsEnabled(isEnabled: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, isEnabled ? "on" : "off");
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  for (const listener of listeners) listener();
}
