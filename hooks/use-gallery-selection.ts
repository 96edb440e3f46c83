"use client";

import { useSelection } from "@/lib/client/selection";
import type { Generation } from "@/lib/generations/types";

/** The gallery's checked cards, by index in the loaded list (Shift extends a range from the last click). */
export function useGallerySelection(items: readonly Generation[]) {
  const { selected, click, selectAll, remove, clear } = useSelection();
  const toggle = (index: number, isRange: boolean) => {
    const item = items[index];
    if (item) click(item.id, isRange, () => items.map((listed) => listed.id));
  };
  return {
    selected,
    selectedItems: items.filter((item) => selected.has(item.id)),
    toggle,
    selectAll: () => selectAll(items.map((item) => item.id)),
    deselect: remove,
    clear,
  };
}
