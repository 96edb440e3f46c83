"use client";

import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { useToast } from "@/components/ui/toast";
import { copyText } from "@/lib/client/clipboard";
import { errorLine, errorText } from "@/lib/client/error-text";
import { newIdempotencyKey, patchLiked, postGeneration, retryInput } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { useLiveEvents } from "@/components/layout/live-events";
import { startedToast } from "@/lib/client/started-toast";

// Opened rarely, so its code loads on first use instead of with every page. React.lazy, not next/dynamic: with
// Turbopack next/dynamic's chunks still load with the page.
const ExtendDialog = lazy(() => import("@/components/generation/extend-dialog").then((module) => ({ default: module.ExtendDialog })));
const DeleteDialog = lazy(() => import("@/components/generation/confirm-dialogs").then((module) => ({ default: module.DeleteDialog })));
const RetryConfirmDialog = lazy(() => import("@/components/generation/confirm-dialogs").then((module) => ({ default: module.RetryConfirmDialog })));

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

export type DeleteRequest = { generations: readonly Generation[]; onDeleted?: (ids: readonly string[]) => void };

/**
 * Every write a card or the detail view can make, with one delete confirmation and one extend dialog for the
 * whole app (not one per card: the gallery can hold thousands), each loaded on first use. Results are published like pushed events, so
 * every list and detail view showing the generation updates at once.
 */
export function GenerationActionsProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishGeneration } = useLiveEvents();
  const [deleting, setDeleting] = useState<DeleteRequest | null>(null);
  const [extending, setExtending] = useState<Generation | null>(null);
  // Each dialog is mounted from its first request on, so later opens and closes keep the native dialog's focus handling.
  const [hasExtended, setHasExtended] = useState(false);
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(new Set());
  // A retry of a create whose answer was lost may charge twice: it is asked for once more, in words.
  const [confirmingRetry, setConfirmingRetry] = useState<Generation | null>(null);
  const [hasDeleted, setHasDeleted] = useState(false);
  const [hasConfirmedRetry, setHasConfirmedRetry] = useState(false);

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
      if (generation.failureCode === "outcome_unknown") {
        setHasConfirmedRetry(true);
        setConfirmingRetry(generation);
      } else await startRetry(generation);
    },
    [startRetry],
  );

  const api = useMemo<ActionsApi>(
    () => ({
      toggleLike,
      copyPrompt,
      copyValue,
      requestDelete: (generations, onDeleted) => {
        if (generations.length === 0) return;
        setHasDeleted(true);
        setDeleting({ generations, onDeleted });
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

  return (
    <ActionsContext value={api}>
      {children}
      {hasDeleted ? (
        <Suspense fallback={null}>
          <DeleteDialog request={deleting} onChange={setDeleting} />
        </Suspense>
      ) : null}
      {hasConfirmedRetry ? (
        <Suspense fallback={null}>
          <RetryConfirmDialog generation={confirmingRetry} onClose={() => setConfirmingRetry(null)} onConfirm={(generation) => void startRetry(generation)} />
        </Suspense>
      ) : null}
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
