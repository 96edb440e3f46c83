import type { Locale } from "@/lib/i18n/locale";

/** The sign-in page's words, kept beside it: the page is the only place they appear. */
export const LOGIN_MESSAGES: Record<Locale, { title: string; intro: string; password: string; submit: string; wrong: string; throttled: (wait: string) => string }> = {
  en: {
    title: "Sign in",
    intro: "This studio is protected by a password.",
    password: "Password",
    submit: "Sign in",
    wrong: "Wrong password. Try again.",
    throttled: (wait) => `Too many failed attempts. Try again in ${wait}.`,
  },
  zh: {
    title: "登录",
    intro: "此工作室受密码保护。",
    password: "密码",
    submit: "登录",
    wrong: "密码错误，请重试。",
    throttled: (wait) => `失败次数过多，请在 ${wait} 后重试。`,
  },
};
