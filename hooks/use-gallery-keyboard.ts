"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { isActivatableTarget, isTypingTarget, isUnfocused, shortcutKey, togglePlayback, type ShortcutKeyEvent } from "@/lib/client/keyboard";
import type { Generation } from "@/lib/generations/types";
import type { GridWindow } from "@/hooks/use-windowed-grid";
import { useShortcutKeys } from "@/hooks/use-shortcut-keys";

type GalleryKeys = {
  items: readonly Generation[];
  listRef: RefObject<HTMLElement | null>;
  grid: GridWindow;
  hasSelection: boolean;
  /** Keyboard moves near the end ask for the next page before it is reached. */
  onNearEnd: () => void;
  onOpen: (generation: Generation) => void;
  onToggleLike: (generation: Generation) => void;
  onToggleSelection: (index: number, isRange: boolean) => void;
  onDelete: (generation: Generation) => void;
  onClearSelection: () => void;
  onShowShortcuts: () => void;
};

/**
 * The gallery's keys (listed in the shortcuts dialog): cards are one tab stop with roving focus, and with nothing
 * focused the page-wide keys act on the active card, so the first key works before any Tab.
 */
export function useGalleryKeyboard({
  items,
  listRef,
  grid,
  hasSelection,
  onNearEnd,
  onOpen,
  onToggleLike,
  onToggleSelection,
  onDelete,
  onClearSelection,
  onShowShortcuts,
}: GalleryKeys) {
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const clampedIndex = Math.min(activeIndex, Math.max(0, items.length - 1));
  // The tab stop must exist in the DOM: if the active card scrolled out of the window, the first rendered one stands in.
  const focusIndex = clampedIndex >= grid.start && clampedIndex < grid.end ? clampedIndex : grid.start;

  // A card scrolled into the window after a keyboard move gets focus once it exists.
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const card = listRef.current?.querySelector<HTMLElement>(`article[data-index="${pendingFocus.current}"]`);
    if (card) {
      card.focus();
      pendingFocus.current = null;
    }
  });

  const moveFocus = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(items.length - 1, index));
      setActiveIndex(next);
      pendingFocus.current = next;
      grid.reveal(next);
      if (next >= items.length - grid.columns * 2) onNearEnd();
    },
    [grid, items.length, onNearEnd],
  );

  /** `isOnCard`: the card itself has the key, not a control inside it, or nothing on the page has focus at all. */
  const cardAction = (key: string, event: ShortcutKeyEvent, card: HTMLElement, isOnCard: boolean): (() => void) | undefined => {
    const index = Number(card.dataset.index);
    const item = items[index];
    if (!item) return undefined;
    if (key === "ArrowRight" || key === "j") return () => moveFocus(index + 1);
    if (key === "ArrowLeft" || key === "k") return () => moveFocus(index - 1);
    if (key === " " && !isActivatableTarget(event.target)) return () => togglePlayback(card);
    if (key === "l" && !event.shiftKey) return () => onToggleLike(item);
    if (key === "x") return () => onToggleSelection(index, event.shiftKey);
    if (!isOnCard) return undefined;
    if (key === "ArrowDown") return () => moveFocus(index + grid.columns);
    if (key === "ArrowUp") return () => moveFocus(index - grid.columns);
    if (key === "Home") return () => moveFocus(0);
    if (key === "End") return () => moveFocus(items.length - 1);
    if (key === "Enter") return () => onOpen(item);
    if (key === "Delete" || key === "Backspace") return () => onDelete(item);
    return undefined;
  };

  const onGridKeyDown = (event: ShortcutKeyEvent) => {
    const card = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>("article[data-index]") : null;
    if (!card || event.metaKey || event.ctrlKey || event.altKey || isTypingTarget(event.target)) return;
    const action = cardAction(shortcutKey(event), event, card, event.target === card);
    if (!action) return;
    event.preventDefault();
    action();
  };

  /** The card the page's keys act on: the active one if it is on screen, else the first one that is. */
  const activeCard = (): HTMLElement | null => {
    const cards = [...(listRef.current?.querySelectorAll<HTMLElement>("article[data-index]") ?? [])];
    const isOnScreen = (card: HTMLElement) => {
      const box = card.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight;
    };
    const active = cards.find((card) => Number(card.dataset.index) === focusIndex);
    return active && isOnScreen(active) ? active : (cards.find(isOnScreen) ?? active ?? null);
  };

  // Page-wide keys: "?" lists the shortcuts, Escape clears the selection, and with nothing focused the card keys
  // act on the active card. Dialogs, fields and focused controls keep their own keys.
  useShortcutKeys("page", (key, event) => {
    if (key === "?") return onShowShortcuts;
    if (key === "Escape" && hasSelection) return onClearSelection;
    if (!isUnfocused(event.target)) return undefined;
    const card = activeCard();
    return card ? cardAction(key, event, card, true) : undefined;
  });

  return { focusIndex, setActiveIndex, onGridKeyDown };
}
