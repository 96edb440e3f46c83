import { useCallback, useMemo, useReducer } from "react";

/**
 * The gallery's selection as one value: the chosen ids and the anchor of the next shift-click range. The anchor
 * lives inside the state, not in a ref beside it, because React may apply a click's update only after the next
 * click was handled (any pending render, a live event say): queued actions then apply in order, each against the
 * state the previous one left. The anchor is an id, not a position, so cards arriving or leaving between the two
 * clicks do not move it.
 */
export type Selection = { readonly ids: ReadonlySet<string>; readonly anchorId: string | null };

export type SelectionAction =
  | { type: "toggle"; id: string }
  /** Shift-click: every id from the anchor to `id` in `order` (the list as the person saw it when clicking) joins. */
  | { type: "extend"; id: string; order: readonly string[] }
  | { type: "selectAll"; ids: readonly string[] }
  /** Ids deleted elsewhere leave the selection. */
  | { type: "remove"; ids: ReadonlySet<string> }
  | { type: "clear" };

export const emptySelection: Selection = { ids: new Set(), anchorId: null };

export function selectionReducer(state: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case "toggle": {
      const ids = new Set(state.ids);
      if (ids.has(action.id)) ids.delete(action.id);
      else ids.add(action.id);
      return { ids, anchorId: action.id };
    }
    case "extend": {
      const from = state.anchorId === null ? -1 : action.order.indexOf(state.anchorId);
      const to = action.order.indexOf(action.id);
      // No anchor, or it has left the list: a shift-click on its own is a plain click.
      if (from < 0 || to < 0) return selectionReducer(state, { type: "toggle", id: action.id });
      const ids = new Set(state.ids);
      for (const id of action.order.slice(Math.min(from, to), Math.max(from, to) + 1)) ids.add(id);
      return { ids, anchorId: action.id };
    }
    case "selectAll":
      return { ids: new Set(action.ids), anchorId: state.anchorId };
    case "remove": {
      if (![...action.ids].some((id) => state.ids.has(id))) return state;
      return { ids: new Set([...state.ids].filter((id) => !action.ids.has(id))), anchorId: state.anchorId };
    }
    case "clear":
      return state.ids.size === 0 && state.anchorId === null ? state : emptySelection;
  }
}

/** What a click on a card's checkbox (or the x key) asks for; `order` is read when the click happens. */
export function clickAction(id: string, isRange: boolean, order: () => readonly string[]): SelectionAction {
  return isRange ? { type: "extend", id, order: order() } : { type: "toggle", id };
}

export function useSelection() {
  const [state, dispatch] = useReducer(selectionReducer, emptySelection);
  const click = useCallback((id: string, isRange: boolean, order: () => readonly string[]) => dispatch(clickAction(id, isRange, order)), []);
  const selectAll = useCallback((ids: readonly string[]) => dispatch({ type: "selectAll", ids }), []);
  const remove = useCallback((ids: ReadonlySet<string>) => dispatch({ type: "remove", ids }), []);
  const clear = useCallback(() => dispatch({ type: "clear" }), []);
  return useMemo(() => ({ selected: state.ids, click, selectAll, remove, clear }), [state.ids, click, selectAll, remove, clear]);
}
