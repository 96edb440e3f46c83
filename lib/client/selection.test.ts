import { describe, expect, it } from "vitest";
import { clickAction, emptySelection, selectionReducer, type Selection, type SelectionAction } from "./selection";

const ids = (state: Selection) => [...state.ids].sort();

/**
 * Stands in for React's update queue when it is busy: the handler runs (and builds its action) at click time,
 * the reducer only when the queue is flushed, after every click in the burst was handled.
 */
function deferredQueue() {
  const queued: SelectionAction[] = [];
  return {
    dispatch: (action: SelectionAction) => void queued.push(action),
    flush: (state: Selection = emptySelection) => queued.reduce(selectionReducer, state),
  };
}

describe("selectionReducer", () => {
  const list = ["newest", "middle", "oldest"];

  it("a click toggles one card and becomes the anchor; a shift-click adds the range from it", () => {
    let state = selectionReducer(
      emptySelection,
      clickAction("newest", false, () => list),
    );
    expect(ids(state)).toEqual(["newest"]);
    state = selectionReducer(
      state,
      clickAction("oldest", true, () => list),
    );
    expect(ids(state)).toEqual(["middle", "newest", "oldest"]);
    expect(state.anchorId).toBe("oldest");
    state = selectionReducer(
      state,
      clickAction("middle", false, () => list),
    );
    expect(ids(state)).toEqual(["newest", "oldest"]);
  });

  it("gives the range when React applies both clicks only after the shift-click was handled", () => {
    const queue = deferredQueue();
    queue.dispatch(clickAction("newest", false, () => list));
    queue.dispatch(clickAction("oldest", true, () => list));
    expect(ids(queue.flush())).toEqual(["middle", "newest", "oldest"]);
  });

  it("ranges upwards as well as downwards", () => {
    const queue = deferredQueue();
    queue.dispatch(clickAction("oldest", false, () => list));
    queue.dispatch(clickAction("newest", true, () => list));
    expect(ids(queue.flush())).toEqual(["middle", "newest", "oldest"]);
  });

  it("keeps the anchor on its card when a live card arrives on top between the two clicks", () => {
    let state = selectionReducer(
      emptySelection,
      clickAction("newest", false, () => list),
    );
    state = selectionReducer(
      state,
      clickAction("oldest", true, () => ["arrived", ...list]),
    );
    expect(ids(state)).toEqual(["middle", "newest", "oldest"]);
  });

  it("treats a shift-click with no anchor, or one that was deleted, as a plain click", () => {
    expect(
      ids(
        selectionReducer(
          emptySelection,
          clickAction("middle", true, () => list),
        ),
      ),
    ).toEqual(["middle"]);
    const anchored = selectionReducer(
      emptySelection,
      clickAction("newest", false, () => list),
    );
    const afterDelete = selectionReducer(
      selectionReducer(anchored, { type: "remove", ids: new Set(["newest"]) }),
      clickAction("oldest", true, () => ["middle", "oldest"]),
    );
    expect(ids(afterDelete)).toEqual(["oldest"]);
  });

  it("select all replaces the selection; clear empties it and drops the anchor", () => {
    const all = selectionReducer(emptySelection, { type: "selectAll", ids: list });
    expect(ids(all)).toEqual(["middle", "newest", "oldest"]);
    const cleared = selectionReducer(all, { type: "clear" });
    expect(cleared).toEqual(emptySelection);
    expect(
      ids(
        selectionReducer(
          cleared,
          clickAction("oldest", true, () => list),
        ),
      ),
    ).toEqual(["oldest"]);
  });
});
