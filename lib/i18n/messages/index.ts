import type { Locale } from "../locale";
import { en, type Messages } from "./en";
import { zh } from "./zh";

export type { Messages };
export const MESSAGES: Record<Locale, Messages> = { en, zh };
