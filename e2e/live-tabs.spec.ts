import { expect, test, type Page, type Request } from "@playwright/test";
import { createGeneration, uniqueWord } from "./support/generations";

/** Every live stream the pages opened, in order, and those still open. */
function watchStreams(pages: Page[]) {
  const opened: Array<{ page: Page; request: Request }> = [];
  const ended = new Set<Request>();
  for (const page of pages) {
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/events") opened.push({ page, request });
    });
    page.on("requestfailed", (request) => ended.add(request));
    page.on("requestfinished", (request) => ended.add(request));
    page.on("close", () => {
      for (const stream of opened) if (stream.page === page) ended.add(stream.request);
    });
  }
  return { opened, open: () => opened.filter((stream) => !ended.has(stream.request)).map((stream) => stream.page) };
}

for (const { name, tabs, hasLocks } of [
  { name: "twelve tabs of one browser", tabs: 12, hasLocks: true },
  // Plain http on a LAN is not a secure context: no Web Locks, the tabs elect a leader over their channel.
  { name: "nine tabs of a browser without Web Locks", tabs: 9, hasLocks: false },
]) {
  test(`${name} load, share one live stream and each sees clips finish, also after the leading tab closes`, async ({ context, request }) => {
    // Twelve pages hydrating in one browser: minutes when the machine is shared with other test runs.
    test.setTimeout(480_000);
    if (!hasLocks) {
      await context.addInitScript(() => {
        delete (Navigator.prototype as { locks?: unknown }).locks;
      });
    }
    const word = uniqueWord("tabs");
    // Slow enough to be still running when the detail tabs have opened on it.
    const long = await createGeneration(request, { prompt: `Twelve tabs ${word} long [sim:slow=45]` });
    const pages: Page[] = [];
    for (let index = 0; index < tabs; index += 1) pages.push(await context.newPage());
    const streams = watchStreams(pages);
    const kinds = pages.map((_, index) => (index % 3 === 0 ? "gallery" : index % 3 === 1 ? "search" : "detail"));
    await test.step(`open ${tabs} tabs`, async () => {
      for (const [index, page] of pages.entries()) {
        const url = kinds[index] === "gallery" ? "/gallery" : kinds[index] === "search" ? `/gallery?q=${word}` : `/generations/${long.id}`;
        // A browser holds six connections per host: with a stream per tab, the seventh never loads. A page that
        // waits for a connection waits forever, so a generous timeout still fails that bug.
        await page.goto(url, { timeout: 60_000 });
      }
    });
    expect(await pages[0]?.evaluate(() => "locks" in navigator)).toBe(hasLocks);
    await expect.poll(() => streams.open().length).toBe(1);
    // A lock never lets two tabs lead; without one, a leader too busy to answer at once may briefly have a rival.
    if (hasLocks) expect(streams.opened).toHaveLength(1);
    const listPages = pages.filter((_, index) => kinds[index] !== "detail");

    const finishes = async (listed: Page[], prompt: string) => {
      for (const page of listed) {
        await expect(page.getByRole("article").filter({ hasText: prompt })).toHaveAttribute("data-state", "completed", { timeout: 90_000 });
      }
    };
    await test.step("every list tab sees a clip finish", async () => {
      await createGeneration(request, { prompt: `Twelve tabs ${word} first` });
      await finishes(listPages, `${word} first`);
    });

    // The leader leaves: the next tab in line takes the stream over and the others hear it, without a reload.
    const [leader] = streams.open();
    await leader?.close();
    await expect.poll(() => streams.open().length).toBe(1);
    expect(streams.open()[0]).not.toBe(leader);
    if (hasLocks) expect(streams.opened).toHaveLength(2);
    await test.step("after the leader closed, the others still see clips finish", async () => {
      await createGeneration(request, { prompt: `Twelve tabs ${word} second` });
      await finishes(
        listPages.filter((page) => page !== leader),
        `${word} second`,
      );
    });

    for (const [index, page] of pages.entries()) {
      if (kinds[index] !== "detail" || page === leader) continue;
      await expect(page.getByRole("heading", { level: 1 })).toContainText(`${word} long`);
      await expect(page.getByText("Completed", { exact: true }).first()).toBeVisible({ timeout: 90_000 });
    }
    expect(streams.open()).toHaveLength(1);
  });
}
