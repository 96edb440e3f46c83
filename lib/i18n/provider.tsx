"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";
import { createFormatters, type Formatters } from "./format";
import type { Locale } from "./locale";
import type { Messages } from "./messages/en";
import { createTranslator, type Translate } from "./translate";

type I18nContextValue = { locale: Locale; t: Translate; format: Formatters };

const I18nContext = createContext<I18nContextValue | null>(null);

/** The server picks the locale and passes only that catalogue down, so the other language never ships to the browser. */
export function I18nProvider({ locale, messages, children }: { locale: Locale; messages: Messages; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: createTranslator(messages), format: createFormatters(locale) }), [locale, messages]);
  return <I18nContext value={value}>{children}</I18nContext>;
}

function useI18n(): I18nContextValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useT() needs an <I18nProvider> above it");
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}

export function useLocale(): Locale {
  return useI18n().locale;
}

export function useFormatters(): Formatters {
  return useI18n().format;
}
