import { expect, test } from "@playwright/test";
import { createCompleted, gotoHydrated, uniqueWord } from "./support/generations";

test("shift-click selects a range; the bar downloads a zip, deletes after asking, and Escape clears it", async ({ page, request }) => {
  const word = uniqueWord("sel");
  const prompts = [1, 2, 3].map((n) => `Selection clip ${n} ${word}`);
  for (const prompt of prompts) await createCompleted(request, { prompt });
  await gotoHydrated(page, `/gallery?q=${word}`);
  const [newest, middle, oldest] = [prompts[2], prompts[1], prompts[0]] as [string, string, string];

  await page.getByRole("article").filter({ hasText: newest }).hover();
  await page.getByRole("checkbox", { name: `Select ${newest}` }).check();
  const bar = page.getByRole("toolbar", { name: "Selection" });
  await expect(bar.getByText("1 selected")).toBeVisible();
  await page.getByRole("checkbox", { name: `Select ${oldest}` }).click({ modifiers: ["Shift"] });
  await expect(bar.getByText("3 selected")).toBeVisible();
  await expect(page.getByRole("checkbox", { name: `Select ${middle}` })).toBeChecked();

  const zip = bar.getByRole("link", { name: "Download as zip" });
  const href = (await zip.getAttribute("href")) as string;
  expect(href.split("ids=")[1]?.split(",")).toHaveLength(3);
  const response = await request.get(href);
  expect(response.ok()).toBe(true);
  expect((await response.body()).subarray(0, 2).toString()).toBe("PK");

  await page.keyboard.press("Escape");
  await expect(bar).toBeHidden();

  await page.getByRole("checkbox", { name: `Select ${newest}` }).check();
  await page.getByRole("checkbox", { name: `Select ${middle}` }).check();
  await bar.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete 2 generations?" });
  await dialog.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByText("2 generations deleted")).toBeVisible();
  await expect(page.getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("article")).toContainText(oldest);
  await expect(bar).toBeHidden();
});
