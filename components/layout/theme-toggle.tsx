"use client";

import { useEffect, useSyncExternalStore, type ReactNode } from "react";
import { MonitorIcon, MoonIcon, SunIcon } from "@/components/ui/icons";
import { useT } from "@/lib/i18n/provider";
import { THEME_PREFERENCES, THEME_STORAGE_KEY, type ThemePreference } from "@/lib/client/theme-script";

const changeListeners = new Set<() => void>();

function readPreference(): ThemePreference {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return (THEME_PREFERENCES as readonly string[]).includes(stored ?? "") ? (stored as ThemePreference) : "system";
  } catch {
    return "system";
  }
}

function subscribePreference(listener: () => void): () => void {
  changeListeners.add(listener);
  // Another tab changed the theme.
  window.addEventListener("storage", listener);
  return () => {
    changeListeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function applyTheme(preference: ThemePreference) {
  const isDark = preference === "dark" || (preference === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.setAttribute("data-theme", isDark ? "dark" : "light");
}

function savePreference(preference: ThemePreference) {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Private mode without storage: the choice still applies to this page.
  }
  applyTheme(preference);
  for (const listener of changeListeners) listener();
}

const ICONS: Record<ThemePreference, ReactNode> = {
  system: <MonitorIcon className="size-4" />,
  light: <SunIcon className="size-4" />,
  dark: <MoonIcon className="size-4" />,
};

/** System / light / dark as a radio group; the inline head script applies the stored choice before first paint. */
export function ThemeToggle() {
  const t = useT();
  const preference = useSyncExternalStore(subscribePreference, readPreference, () => "system" as const);

  useEffect(() => {
    applyTheme(preference);
    if (preference !== "system") return;
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => applyTheme("system");
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, [preference]);

  return (
    <fieldset className="flex items-center rounded-lg border border-line bg-surface p-0.5">
      <legend className="sr-only">{t("theme.label")}</legend>
      {THEME_PREFERENCES.map((option) => (
        <label
          key={option}
          title={t(`theme.${option}`)}
          className="relative flex size-7 cursor-pointer items-center justify-center rounded-md text-fg-subtle transition-colors hover:text-fg has-checked:bg-surface-sunken has-checked:text-fg has-focus-visible:ring-2 has-focus-visible:ring-ring"
        >
          <input
            type="radio"
            name="theme"
            value={option}
            checked={preference === option}
            onChange={() => savePreference(option)}
            aria-label={t(`theme.${option}`)}
            className="absolute inset-0 size-full cursor-pointer appearance-none rounded-md opacity-0"
          />
          {ICONS[option]}
        </label>
      ))}
    </fieldset>
  );
}
