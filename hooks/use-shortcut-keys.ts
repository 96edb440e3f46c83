"use client";

import { useEffect, useEffectEvent } from "react";
import { isTypingTarget, shortcutKey, topDialog } from "@/lib/client/keyboard";

/** Who answers document-wide keys: the page while no dialog is open, a dialog while it is the topmost, or nobody yet. */
type KeyOwner = "page" | HTMLDialogElement | null;

/**
 * Document-wide shortcut keys, shared by the gallery and the detail view. Keys typed into fields, held with a
 * modifier, already handled, or meant for another owner's dialog are left alone. `pick` answers the action for a
 * key (or nothing); the key's default is prevented only when there is one.
 */
export function useShortcutKeys(owner: KeyOwner, pick: (key: string, event: KeyboardEvent) => (() => void) | undefined): void {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    const top = topDialog();
    if ((owner === "page" ? top !== null : top !== owner) || event.defaultPrevented || isTypingTarget(event.target)) return;
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const action = pick(shortcutKey(event), event);
    if (!action) return;
    event.preventDefault();
    action();
  });
  useEffect(() => {
    if (owner === null) return;
    const listener = (event: KeyboardEvent) => onKey(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, [owner]);
}
