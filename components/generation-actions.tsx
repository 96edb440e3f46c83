"use client";

import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import { copyText } from "@/lib/client/clipboard";
import { errorLine, errorText } from "@/lib/client/error-text";
import { BULK_DELETE_CHUNK, BulkDeleteError, bulkDeleteGenerations, deleteGeneration, newIdempotencyKey, patchLiked, postGeneration, retryInput } from "@/lib/client/generations-api";
import { isUnfinished } from "@/lib/constants";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { useLiveEvents } from "./live-events";
import { startedToast } from "./started-toast";

// Opened rarely, so its code loads on first use instead of with every page. React.lazy, not next/dynamic: with
// Turbopack next/dynamic's chunks still load with the page.
const ExtendDialog = lazy(() => import("./extend-dialog").then((module) => ({ default: module.ExtendDialog })));

type ActionsApi = {
  toggleLike: (generation: Generation) => Promise<void>;
  copyPrompt: (generation: Generation) => Promise<void>;
  copyValue: (name: string, value: string) => Promise<void>;
  /** Asks first; `onDeleted` hears the ids that were removed. */
  requestDelete: (generations: readonly Generation[], onDeleted?: (ids: readonly string[]) => void) => void;
  requestExtend: (generation: Generation) => void;
  retry: (generation: Generation) => Promise<void>;
  pendingIds: ReadonlySet<string>;
};

const ActionsContext = createContext<ActionsApi | null>(null);

type DeleteRequest = { generations: readonly Generation[]; onDeleted?: (ids: readonly string[]) => void };

/**
 * Every write a card or the detail view can make, with one confirmation dialog and one extend dialog for the
 * whole app (not one per card: the gallery can hold thousands). Results are published like pushed events, so
 * every list and detail view showing the generation updates at once.
 */
export function GenerationActionsProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishGeneration, publishDeleted } = useLiveEvents();
  const [deleting, setDeleting] = useState<DeleteRequest | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);
  const [deletedSoFar, setDeletedSoFar] = useState(0);
  const [extending, setExtending] = useState<Generation | null>(null);
  // Mounted from the first request on, so later opens and closes keep the native dialog's focus handling.
  const [hasExtended, setHasExtended] = useState(false);
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(new Set());
  // A retry of a create whose answer was lost may charge twice: it is asked for once more, in words.
  const [confirmingRetry, setConfirmingRetry] = useState<Generation | null>(null);

  const describe = useCallback((error: unknown) => errorLine(errorText(error, t, format), t), [format, t]);
  const setPending = useCallback((id: string, isPending: boolean) => {
    setPendingIds((current) => {
      const next = new Set(current);
      if (isPending) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  const toggleLike = useCallback(
    async (generation: Generation) => {
      // Same updatedAt as the cached copy so the optimistic value wins; the server's answer is newer still.
      publishGeneration({ ...generation, liked: !generation.liked });
      try {
        publishGeneration(await patchLiked(generation.id, !generation.liked));
      } catch (error) {
        publishGeneration(generation);
        showToast({ tone: "error", title: t("actions.likeFailed"), description: describe(error) });
      }
    },
    [describe, publishGeneration, showToast, t],
  );

  const copyValue = useCallback(
    async (name: string, value: string) => {
      if (await copyText(value)) showToast({ tone: "success", title: t("detail.copied", { name }), durationMs: 2500 });
      else showToast({ tone: "error", title: t("actions.copyFailed") });
    },
    [showToast, t],
  );

  const copyPrompt = useCallback(
    async (generation: Generation) => {
      if (await copyText(generation.prompt)) showToast({ tone: "success", title: t("actions.promptCopied"), durationMs: 2500 });
      else showToast({ tone: "error", title: t("actions.copyFailed") });
    },
    [showToast, t],
  );

  const startRetry = useCallback(
    async (generation: Generation) => {
      setPending(generation.id, true);
      try {
        const { generation: created } = await postGeneration(retryInput(generation), newIdempotencyKey());
        publishGeneration(created);
        showToast(startedToast(created, t, { title: "actions.retryStarted", body: "actions.retryStartedBody" }));
      } catch (error) {
        showToast({ tone: "error", title: t("actions.retryFailed"), description: describe(error) });
      } finally {
        setPending(generation.id, false);
      }
    },
    [describe, publishGeneration, setPending, showToast, t],
  );

  const retry = useCallback(
    async (generation: Generation) => {
      if (generation.failureCode === "outcome_unknown") setConfirmingRetry(generation);
      else await startRetry(generation);
    },
    [startRetry],
  );

  const confirmDelete = async () => {
    if (!deleting) return;
    const ids = deleting.generations.map((generation) => generation.id);
    const removed = (deleted: readonly string[]) => {
      for (const id of deleted) publishDeleted(id);
      deleting.onDeleted?.(deleted);
    };
    setIsDeleting(true);
    setDeletedSoFar(0);
    try {
      let deleted: readonly string[];
      if (ids.length === 1 && ids[0]) {
        await deleteGeneration(ids[0]);
        deleted = ids;
      } else {
        deleted = (await bulkDeleteGenerations(ids, (done) => setDeletedSoFar(done.length))).deleted;
      }
      removed(deleted);
      showToast({ tone: "success", title: deleted.length === 1 ? t("actions.deleted") : t("actions.deletedMany", { count: format.number(deleted.length) }) });
      setDeleting(null);
    } catch (error) {
      // A large selection goes in chunks: what was deleted before the failure is gone, the rest stays selected here.
      const deleted = error instanceof BulkDeleteError ? error.deleted : [];
      if (deleted.length > 0) {
        removed(deleted);
        const gone = new Set(deleted);
        setDeleting({ ...deleting, generations: deleting.generations.filter((generation) => !gone.has(generation.id)) });
      }
      showToast({
        tone: "error",
        title: deleted.length > 0 ? t("actions.deletePartial", { done: format.number(deleted.length), total: format.number(ids.length) }) : t("actions.deleteFailed"),
        description: describe(error instanceof BulkDeleteError ? error.cause : error),
      });
    } finally {
      setIsDeleting(false);
    }
  };

  const api = useMemo<ActionsApi>(
    () => ({
      toggleLike,
      copyPrompt,
      copyValue,
      requestDelete: (generations, onDeleted) => {
        if (generations.length > 0) setDeleting({ generations, onDeleted });
      },
      requestExtend: (generation) => {
        setHasExtended(true);
        setExtending(generation);
      },
      retry,
      pendingIds,
    }),
    [copyPrompt, copyValue, pendingIds, retry, toggleLike],
  );

  const count = deleting?.generations.length ?? 0;
  // Only a job Luma is still working on keeps costing after the delete; a finished or failed one costs nothing more.
  const unfinished = deleting?.generations.filter((generation) => isUnfinished(generation.state)).length ?? 0;
  const runningWarning =
    unfinished === 0 ? null : count === 1 ? t("actions.deleteRunning") : unfinished === 1 ? t("actions.deleteRunningOneOfMany") : t("actions.deleteRunningMany", { count: format.number(unfinished) });

  return (
    <ActionsContext value={api}>
      {children}
      <Dialog
        open={deleting !== null}
        onClose={() => {
          if (!isDeleting) setDeleting(null);
        }}
        role="alertdialog"
        title={count === 1 ? t("actions.deleteTitle") : t("actions.deleteTitleMany", { count: format.number(count) })}
        closeLabel={t("detail.close")}
        description={
          <>
            <p>{count === 1 ? t("actions.deleteBody") : t("actions.deleteBodyMany")}</p>
            {runningWarning ? <p className="font-medium text-amber-800 dark:text-amber-300">{runningWarning}</p> : null}
          </>
        }
        footer={
          <>
            <Button onClick={() => setDeleting(null)} disabled={isDeleting} data-autofocus>
              {t("actions.cancel")}
            </Button>
            <Button
              variant="primary"
              onClick={() => void confirmDelete()}
              isLoading={isDeleting}
              icon={<TrashIcon className="size-4" />}
              className="bg-red-600 text-white hover:bg-red-700 disabled:hover:bg-red-600 dark:bg-red-500 dark:hover:bg-red-600"
            >
              {!isDeleting
                ? t("actions.delete")
                : count > BULK_DELETE_CHUNK
                  ? t("actions.deletingProgress", { done: format.number(deletedSoFar), total: format.number(count) })
                  : t("actions.deleting")}
            </Button>
          </>
        }
      />
      <Dialog
        open={confirmingRetry !== null}
        onClose={() => setConfirmingRetry(null)}
        role="alertdialog"
        title={t("actions.retryUnconfirmedTitle")}
        closeLabel={t("detail.close")}
        description={<p>{t("actions.retryUnconfirmedBody")}</p>}
        footer={
          <>
            <Button onClick={() => setConfirmingRetry(null)} data-autofocus>
              {t("actions.cancel")}
            </Button>
            <Button
              variant="primary"
              icon={<RefreshIcon className="size-4" />}
              onClick={() => {
                const generation = confirmingRetry;
                setConfirmingRetry(null);
                if (generation) void startRetry(generation);
              }}
            >
              {t("actions.retryAnyway")}
            </Button>
          </>
        }
      />
      {hasExtended ? (
        <Suspense fallback={null}>
          <ExtendDialog generation={extending} onClose={() => setExtending(null)} />
        </Suspense>
      ) : null}
    </ActionsContext>
  );
}

export function useGenerationActions(): ActionsApi {
  const api = useContext(ActionsContext);
  if (!api) throw new Error("useGenerationActions() needs a <GenerationActionsProvider> above it");
  return api;
}
