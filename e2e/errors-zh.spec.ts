import { expect, test } from "@playwright/test";

test.use({ locale: "zh-CN" });

test("服务器拒绝时，界面用中文说明原因，服务器原文只作为详情", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: "locale", value: "zh", url: baseURL ?? "" }]);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "创作视频" })).toBeVisible();

  // Plain http:// frames pass the shared schema in the browser but are refused by this server (ALLOW_HTTP_IMAGE_URLS).
  await page.getByLabel("提示词", { exact: true }).fill(`灯塔在暴风雨中 ${Date.now()}`);
  const startUrl = page.getByLabel("首帧图片链接");
  await startUrl.fill("http://example.com/frame.png");
  const answer = page.waitForResponse((response) => response.url().endsWith("/api/generations") && response.request().method() === "POST");
  await page.getByRole("button", { name: "生成" }).click();
  expect((await answer).status()).toBe(400);

  const toast = page.getByRole("alert").filter({ hasText: "无法开始生成" });
  await expect(toast).toContainText("部分输入无法使用，请检查后重试。详情：");
  await expect(startUrl).toHaveAttribute("aria-invalid", "true");
  const fieldError = page.locator(`#${await startUrl.getAttribute("id")}-error`);
  await expect(fieldError).toHaveText(/^服务器未接受此项。详情：Use an https:\/\/ image URL/);

  // Over 4,096 characters the sentence says the link is too long (checked in the browser, before sending).
  await startUrl.fill(`https://example.com/${"a".repeat(4100)}.png`);
  await page.getByRole("button", { name: "生成" }).click();
  await expect(fieldError).toHaveText("图片链接请控制在 4096 个字符以内。");
  await startUrl.fill("");

  // An upload the server refuses: the browser only checks the declared type, the server reads the bytes.
  const start = page.getByRole("group", { name: "把首帧图片拖放或粘贴到这里" });
  await start.locator('input[type="file"]').setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("this is not a picture") });
  await expect(start.getByRole("alert")).toHaveText(/^上传失败：工作室无法识别这个请求。详情：\S/);
});
