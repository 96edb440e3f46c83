import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

// Without APP_PASSWORD /login redirects home, so the sign-in page is checked on the password project's server.
const PASSWORD_ORIGIN = `http://127.0.0.1:${Number(process.env.E2E_PASSWORD_PORT ?? 3310)}`;

type Target = { name: string; path: (id: string) => string; ready: (page: Page) => Promise<void> };

const TARGETS: readonly Target[] = [
  { name: "create", path: () => "/", ready: (page) => expect(page.getByRole("button", { name: "Generate" })).toBeEnabled() },
  {
    name: "create with a remix note",
    path: (id) => `/?from=${id}&mode=remix`,
    ready: (page) => expect(page.getByRole("status").filter({ hasText: "Remixing" })).toBeVisible(),
  },
  { name: "gallery with items", path: () => "/gallery", ready: (page) => expect(page.getByRole("main").getByRole("article").first()).toBeVisible() },
  {
    name: "gallery, nothing matches",
    path: () => "/gallery?q=zzqqxx-nothing-matches",
    ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible(),
  },
  { name: "detail", path: (id) => `/generations/${id}`, ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  { name: "diagnostics", path: () => "/diagnostics", ready: (page) => expect(page.getByRole("heading", { name: "Setup" })).toBeVisible() },
  { name: "sign in", path: () => `${PASSWORD_ORIGIN}/login`, ready: (page) => expect(page.getByRole("heading", { level: 1 })).toBeVisible() },
  { name: "not found", path: () => "/no-such-page", ready: (page) => expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible() },
];

let generationId = "";

test.beforeAll(async ({ request }) => {
  const created = await request.post("/api/generations", { data: { prompt: `Axe check: a tram crossing a bridge in the rain ${Date.now()}` } });
  expect(created.status()).toBe(201);
  generationId = ((await created.json()) as { id: string }).id;
});

for (const theme of ["light", "dark"] as const) {
  for (const target of TARGETS) {
    test(`axe: no serious or critical violation on ${target.name} (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      const path = target.path(generationId);
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(target.name === "not found" ? 404 : 200);
      await target.ready(page);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => ({
          id: violation.id,
          impact: violation.impact,
          help: violation.help,
          targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
        }));
      expect(serious).toEqual([]);
    });
  }
}
