import { expect, test } from "@playwright/test";
import { E2E_PASSWORD } from "../playwright.config";
import { watchCspViolations } from "./csp-watch";

test("with a password: sign in, create, sign out — strangers only ever see the sign-in page", async ({ page, request }) => {
  const violations = await watchCspViolations(page);

  expect((await request.get("/api/generations")).status()).toBe(401);
  await page.goto("/gallery?state=failed");
  await expect(page).toHaveURL(/\/login\?next=%2Fgallery%3Fstate%3Dfailed$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();

  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong password" })).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/gallery\?state=failed$/);
  const cookie = (await page.context().cookies()).find((entry) => entry.name === "luma_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

  await page.getByRole("link", { name: "Create", exact: true }).click();
  const prompt = `signed-in create ${Date.now()}`;
  await page.getByLabel("Prompt", { exact: true }).fill(prompt);
  await page.getByRole("button", { name: "Generate" }).click();
  await expect(page.getByText("Generation started")).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: prompt })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  expect(violations).toEqual([]);
});

test("the sign-in page's return path cannot send anyone off-site", async ({ request }) => {
  for (const next of ["//evil.example", "/\\evil.example", "https://evil.example", "/%2F%2Fevil.example"]) {
    const response = await request.post("/api/auth/login", { form: { password: E2E_PASSWORD, next }, maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe("/");
  }
});
