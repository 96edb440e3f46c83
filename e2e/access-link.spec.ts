import { expect, test } from "@playwright/test";
import { E2E_ACCESS_TOKEN } from "../playwright.config";
import { watchCspViolations } from "./csp-watch";

// A browser that has not followed the printed link yet: no access cookie.
test.use({ storageState: { cookies: [], origins: [] } });

test("without a password: the studio asks for its printed link, follows it once, and just works after that", async ({ page }) => {
  const violations = await watchCspViolations(page);

  const first = await page.goto("/gallery");
  expect(first?.status()).toBe(401);
  await expect(page.getByRole("heading", { name: "Open the studio with its link" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "请用启动时给出的链接打开工作室" })).toBeVisible();
  await expect(page.getByText("APP_PASSWORD").first()).toBeVisible();

  // The link printed at start-up (playwright.config.ts gives the server a known token).
  await page.goto(`/?token=${E2E_ACCESS_TOKEN}`);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByLabel("Prompt", { exact: true })).toBeVisible();
  const cookie = (await page.context().cookies()).find((entry) => entry.name === "luma_access");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

  // From now on the plain address opens the studio, and the page is live (hydrated).
  await page.goto("/gallery");
  await expect(page.getByRole("heading", { name: "Gallery", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "Create", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(violations).toEqual([]);
});

test("without a password: a request that came through a relay gets only the page that says how to set a password", async ({ page }) => {
  await page.context().addCookies([{ name: "luma_access", value: E2E_ACCESS_TOKEN, domain: "127.0.0.1", path: "/" }]);
  // What nginx, Caddy or a tunnel adds on the way in.
  await page.setExtraHTTPHeaders({ "X-Forwarded-For": "203.0.113.9" });
  const response = await page.goto("/");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "This studio opens only on its own computer" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "此工作室只能在运行它的电脑上打开" })).toBeVisible();
  await expect(page.getByText(/set APP_PASSWORD \(at least 8 characters\)/)).toBeVisible();
  await expect(page.getByLabel("Prompt", { exact: true })).toHaveCount(0);
});
