import "server-only";
import { type NextRequest, NextResponse } from "next/server";
import { z } from "zod";
import { AppError, isAppError } from "@/lib/errors";
import { closeSessionStreams } from "@/lib/generations/events";
import { parseOrThrow, readBodyBytes, readJsonBody } from "@/lib/http";
import { securityConfig } from "@/lib/security/config";
import { clientAddress } from "@/lib/security/identity";
import { safeReturnPath } from "@/lib/security/return-path";
import { attemptLogin } from "./login";
import { clearSessionCookie, createSessionToken, isSecureRequest, revokeSession, sessionFromRequest, setSessionCookie } from "./session";

const SIGN_IN_BODY_MAX_BYTES = 8 * 1024;

export const loginSchema = z.strictObject({
  password: z.string().min(1, "Enter the password").max(1024, "That is not the password"),
  next: z.string().max(2048).optional(),
});

type LoginForm = z.output<typeof loginSchema> & { isHtmlForm: boolean };

/** The sign-in form posts urlencoded (works without JavaScript); API clients send JSON. */
async function readLogin(request: Request): Promise<LoginForm> {
  const type = request.headers.get("content-type") ?? "";
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    const text = new TextDecoder().decode(await readBodyBytes(request, SIGN_IN_BODY_MAX_BYTES));
    const form = new URLSearchParams(text);
    const fields = { password: form.get("password") ?? "", next: form.get("next") ?? undefined };
    return { ...parseOrThrow(loginSchema, fields, "The sign-in form"), isHtmlForm: true };
  }
  return { ...parseOrThrow(loginSchema, await readJsonBody(request, SIGN_IN_BODY_MAX_BYTES), "The sign-in request"), isHtmlForm: false };
}

/** A relative Location: the browser resolves it against the origin it used, so no Host header is trusted. */
function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
}

const noStoreJson = (body: object) => NextResponse.json(body, { headers: { "Cache-Control": "no-store" } });

export async function handleLogin(request: Request): Promise<Response> {
  if (!securityConfig.isPasswordRequired)
    throw new AppError("bad_request", "This studio has no password (APP_PASSWORD is not set), so there is nothing to sign in to.");
  let form: LoginForm | undefined;
  try {
    form = await readLogin(request);
    await attemptLogin(form.password, clientAddress(request));
  } catch (error) {
    if (!form?.isHtmlForm || !isAppError(error)) throw error;
    const query = new URLSearchParams({ error: error.code === "rate_limited" ? "throttled" : "wrong" });
    if (error.retryAfterSeconds) query.set("retry", String(Math.ceil(error.retryAfterSeconds)));
    const next = safeReturnPath(form.next);
    if (next !== "/") query.set("next", next);
    return seeOther(`/login?${query}`);
  }
  const { token } = await createSessionToken();
  const next = safeReturnPath(form.next);
  const response = form.isHtmlForm ? seeOther(next) : noStoreJson({ ok: true, next });
  setSessionCookie(response, token, isSecureRequest(request));
  return response;
}

export async function handleLogout(request: NextRequest): Promise<Response> {
  const session = await sessionFromRequest(request);
  if (session) {
    await revokeSession(session);
    // Its live-event streams too: otherwise a signed-out tab (or a copied cookie's stream) keeps listening.
    closeSessionStreams(session.id);
  }
  const wantsJson =
    /^application\/json\b/i.test(request.headers.get("accept") ?? "") || /^application\/json\b/i.test(request.headers.get("content-type") ?? "");
  const response = wantsJson ? noStoreJson({ ok: true }) : seeOther(securityConfig.isPasswordRequired ? "/login" : "/");
  clearSessionCookie(response, isSecureRequest(request));
  return response;
}
