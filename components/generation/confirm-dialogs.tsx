"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { RefreshIcon, TrashIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import { errorLine, errorText } from "@/lib/client/error-text";
import { BULK_DELETE_CHUNK, BulkDeleteError, bulkDeleteGenerations, deleteGeneration } from "@/lib/client/generations-api";
import { isUnfinished } from "@/lib/constants";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import type { DeleteRequest } from "@/components/generation/generation-actions";
import { useLiveEvents } from "@/components/layout/live-events";

// The app's two confirmations, loaded the first time one is asked for (components/generation/generation-actions.tsx).

/** Asks before deleting; a large selection goes in chunks and shows its progress. `onChange(null)` closes it. */
export function DeleteDialog({ request, onChange }: { request: DeleteRequest | null; onChange: (request: DeleteRequest | null) => void }) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishDeleted } = useLiveEvents();
  const [isDeleting, setIsDeleting] = useState(false);
  const [deletedSoFar, setDeletedSoFar] = useState(0);
  const describe = (error: unknown) => errorLine(errorText(error, t, format), t);

  const confirmDelete = async () => {
    if (!request) return;
    const ids = request.generations.map((generation) => generation.id);
    const removed = (deleted: readonly string[]) => {
      for (const id of deleted) publishDeleted(id);
      request.onDeleted?.(deleted);
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
      onChange(null);
    } catch (error) {
      // A large selection goes in chunks: what was deleted before the failure is gone, the rest stays selected here.
      const deleted = error instanceof BulkDeleteError ? error.deleted : [];
      if (deleted.length > 0) {
        removed(deleted);
        const gone = new Set(deleted);
        onChange({ ...request, generations: request.generations.filter((generation) => !gone.has(generation.id)) });
      }
      showToast({
        tone: "error",
        title:
          deleted.length > 0
            ? t("actions.deletePartial", { done: format.number(deleted.length), total: format.number(ids.length) })
            : t("actions.deleteFailed"),
        description: describe(error instanceof BulkDeleteError ? error.cause : error),
      });
    } finally {
      setIsDeleting(false);
    }
  };

  const count = request?.generations.length ?? 0;
  // Only a job Luma is still working on keeps costing after the delete; a finished or failed one costs nothing more.
  const unfinished = request?.generations.filter((generation) => isUnfinished(generation.state)).length ?? 0;
  const runningWarning =
    unfinished === 0
      ? null
      : count === 1
        ? t("actions.deleteRunning")
        : unfinished === 1
          ? t("actions.deleteRunningOneOfMany")
          : t("actions.deleteRunningMany", { count: format.number(unfinished) });

  return (
    <Dialog
      open={request !== null}
      onClose={() => {
        if (!isDeleting) onChange(null);
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
          <Button onClick={() => onChange(null)} disabled={isDeleting} data-autofocus>
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
  );
}

/** A retry of a create whose answer was lost may charge twice: it is asked for once more, in words. */
export function RetryConfirmDialog({
  generation,
  onClose,
  onConfirm,
}: {
  generation: Generation | null;
  onClose: () => void;
  onConfirm: (generation: Generation) => void;
}) {
  const t = useT();
  return (
    <Dialog
      open={generation !== null}
      onClose={() => onClose()}
      role="alertdialog"
      title={t("actions.retryUnconfirmedTitle")}
      closeLabel={t("detail.close")}
      description={<p>{t("actions.retryUnconfirmedBody")}</p>}
      footer={
        <>
          <Button onClick={() => onClose()} data-autofocus>
            {t("actions.cancel")}
          </Button>
          <Button
            variant="primary"
            icon={<RefreshIcon className="size-4" />}
            onClick={() => {
              onClose();
              if (generation) onConfirm(generation);
            }}
          >
            {t("actions.retryAnyway")}
          </Button>
        </>
      }
    />
  );
}
