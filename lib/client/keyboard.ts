/** Keys typed into a field, a button or a player's own controls are theirs, not the page's shortcuts. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLInputElement && ["checkbox", "radio", "button", "submit", "reset"].includes(target.type)) return false;
  return target.closest("input, textarea, select, [role=menu], [contenteditable=true]") !== null;
}

/** Space and Enter activate buttons and links; the page must not also act on them. */
export function isActivatableTarget(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest("button, a[href], summary, video, [role=menuitem]") !== null;
}

/** The topmost open modal, if any: shortcuts belong to it, not to the page behind. */
export function topDialog(): HTMLDialogElement | null {
  const open = document.querySelectorAll<HTMLDialogElement>("dialog[open]");
  return open.item(open.length - 1) ?? null;
}

/** Space plays or pauses whatever clip sits inside `root`, starting the poster's player if none exists yet. */
export function togglePlayback(root: Element): void {
  const video = root.querySelector("video");
  const play = root.querySelector<HTMLButtonElement>("button[data-play]");
  if (play) play.click();
  else if (video) {
    if (video.paused) void video.play().catch(() => {});
    else video.pause();
  }
}

/** What the shortcut handlers read from a key event, DOM or React. */
export type ShortcutKeyEvent = Pick<KeyboardEvent, "key" | "shiftKey" | "metaKey" | "ctrlKey" | "altKey" | "target" | "preventDefault">;

/** Nothing has focus: the key lands on the page itself (or on the skip link's target, which only holds the place). */
export function isUnfocused(target: EventTarget | null): boolean {
  return (
    target === null ||
    target === document.body ||
    target === document.documentElement ||
    (target instanceof HTMLElement && target.id === "main" && target.tagName === "MAIN")
  );
}

/** Letters match whatever the Shift or Caps Lock state; named keys ("ArrowLeft", "Delete") as they come. */
export function shortcutKey(event: Pick<KeyboardEvent, "key">): string {
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}
