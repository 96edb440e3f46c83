import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { createFormatters } from "./format";
import { LOCALE_COOKIE, type Locale, pickLocale } from "./locale";
import { MESSAGES, type Messages } from "./messages";
import { createTranslator, type Translate } from "./translate";

/** Reading the cookie and headers makes every page that calls this render per request, which the DB pages need anyway. */
export const getLocale = cache(async (): Promise<Locale> => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  return pickLocale(headerList.get("accept-language"), cookieStore.get(LOCALE_COOKIE)?.value);
});

export async function getMessages(): Promise<Messages> {
  return MESSAGES[await getLocale()];
}

/** `t()` for server components, the counterpart of the client's `useT()`. */
export async function getTranslator(): Promise<Translate> {
  return createTranslator(await getMessages());
}

export async function getFormatters() {
  return createFormatters(await getLocale());
}
