"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";

/** Columns of the card grid at Tailwind's sm and lg breakpoints; must match the grid's classes. */
function columnsFor(width: number): number {
  if (width >= 1024) return 3;
  if (width >= 640) return 2;
  return 1;
}

export type GridWindow = {
  start: number;
  end: number;
  /** Space standing in for the rows above and below the window, in px. */
  padTop: number;
  padBottom: number;
  columns: number;
  /** Scrolls the page so item `index` is within the window and on screen. */
  reveal: (index: number) => void;
};

const OVERSCAN_ROWS = 3;

/**
 * Renders only the rows of a card grid near the viewport (the page itself scrolls), so the DOM stays the same
 * size at 50 cards or 10,000. Rows are measured from the rendered ones; until the first measurement (and on
 * the server) the first `initialCount` items render normally.
 */
export function useWindowedGrid(listRef: RefObject<HTMLElement | null>, count: number, initialCount: number): GridWindow {
  const [state, setState] = useState({ start: 0, end: Math.min(count, initialCount), rowHeight: 0, columns: 1 });
  const rowHeight = useRef(0);
  const frame = useRef(0);

  const measure = useCallback(() => {
    const list = listRef.current;
    if (!list) return;
    const columns = columnsFor(window.innerWidth);
    const first = list.querySelector<HTMLElement>(":scope > li[data-row]");
    if (first) {
      const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
      // The tallest card in the row sets its height; cards share a layout, so one row stands for all.
      rowHeight.current = first.offsetHeight + gap;
    }
    const height = rowHeight.current;
    if (height <= 0) return;
    const rows = Math.ceil(count / columns);
    const listTop = list.getBoundingClientRect().top + window.scrollY;
    const firstRow = Math.max(0, Math.floor((window.scrollY - listTop) / height) - OVERSCAN_ROWS);
    const lastRow = Math.min(rows, Math.ceil((window.scrollY + window.innerHeight - listTop) / height) + OVERSCAN_ROWS);
    const start = Math.min(firstRow, Math.max(0, lastRow - 1)) * columns;
    const end = Math.min(count, Math.max(lastRow, firstRow + 1) * columns);
    setState((current) =>
      current.start === start && current.end === end && current.rowHeight === height && current.columns === columns
        ? current
        : { start, end, rowHeight: height, columns },
    );
  }, [count, listRef]);

  useLayoutEffect(() => {
    measure();
  }, [measure]);

  useEffect(() => {
    const schedule = () => {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(measure);
    };
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    const observer = new ResizeObserver(schedule);
    if (listRef.current) observer.observe(listRef.current);
    return () => {
      cancelAnimationFrame(frame.current);
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      observer.disconnect();
    };
  }, [listRef, measure]);

  const reveal = useCallback(
    (index: number) => {
      const list = listRef.current;
      const height = rowHeight.current;
      if (!list || height <= 0) return;
      const columns = columnsFor(window.innerWidth);
      const listTop = list.getBoundingClientRect().top + window.scrollY;
      const top = listTop + Math.floor(index / columns) * height;
      const header = 80;
      if (top < window.scrollY + header) window.scrollTo({ top: top - header });
      else if (top + height > window.scrollY + window.innerHeight) window.scrollTo({ top: top + height - window.innerHeight + 16 });
      measure();
    },
    [listRef, measure],
  );

  const { start, columns } = state;
  // Until a row has been measured (an empty list has none), the first items render as on the server; otherwise a
  // list that starts empty would stay at zero rendered items when its first generation arrives.
  const end = state.rowHeight > 0 ? state.end : initialCount;
  const safeEnd = Math.min(end, count);
  const rows = Math.ceil(count / columns);
  const padTop = state.rowHeight > 0 ? Math.floor(start / columns) * state.rowHeight : 0;
  const padBottom = state.rowHeight > 0 ? Math.max(0, rows - Math.ceil(safeEnd / columns)) * state.rowHeight : 0;
  return { start: Math.min(start, safeEnd), end: safeEnd, padTop, padBottom, columns, reveal };
}
