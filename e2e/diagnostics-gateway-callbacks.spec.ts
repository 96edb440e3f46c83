import { expect, test } from "@playwright/test";
import { gotoHydrated } from "./support/generations";

/** The built app with PUBLIC_BASE_URL: the diagnostics page's probe goes out to that address and comes back. */
test("diagnostics: the callback round trip through PUBLIC_BASE_URL passes", async ({ page, baseURL }) => {
  await gotoHydrated(page, "/diagnostics");
  const check = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Callback round trip" }) });
  await expect(check.getByText(`A probe sent to ${baseURL}/api/callbacks/ arrived back at this studio.`)).toBeVisible();
  await expect(check.getByText("Passed")).toBeVisible();
  await expect(
    page
      .getByRole("listitem")
      .filter({ has: page.getByRole("heading", { name: "API key" }) })
      .getByText("Passed"),
  ).toBeVisible();
});
