"use client";

import { useCallback, useMemo } from "react";
import { useSelection } from "@/lib/client/selection";
import type { Generation } from "@/lib/generations/types";

/** The gallery's checked cards, by index in the loaded list (Shift extends a range from the last click). */
export function useGallerySelection(items: readonly Generation[]) {
  const { selected, click, selectAll, remove, clear } = useSelection();
  const toggle = useCallback(
    (index: number, isRange: boolean) => {
      const item = items[index];
      if (item) click(item.id, isRange, () => items.map((listed) => listed.id));
    },
    [click, items],
  );
  const selectedItems = useMemo(() => items.filter((item) => selected.has(item.id)), [items, selected]);
  const selectAllLoaded = useCallback(() => selectAll(items.map((item) => item.id)), [items, selectAll]);
  return { selected, selectedItems, toggle, selectAll: selectAllLoaded, deselect: remove, clear };
}
