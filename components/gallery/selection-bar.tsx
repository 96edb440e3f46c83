"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ArchiveIcon, CloseIcon, TrashIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import { startDownload } from "@/lib/client/download";
import { errorLine, errorText } from "@/lib/client/error-text";
import { prepareZip } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";

/** Floats over the bottom of the gallery while anything is selected; a labelled toolbar with the bulk actions. */
export function SelectionBar({
  selected,
  onSelectAll,
  onClear,
  onDelete,
}: {
  selected: readonly Generation[];
  onSelectAll: () => void;
  onClear: () => void;
  onDelete: () => void;
}) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const [isZipping, setZipping] = useState(false);
  const downloadable = selected.filter((generation) => generation.downloadUrl !== null);

  const downloadZip = async () => {
    setZipping(true);
    try {
      startDownload((await prepareZip(downloadable.map((generation) => generation.id))).url);
    } catch (error) {
      showToast({ tone: "error", title: t("selection.zipFailed"), description: errorLine(errorText(error, t, format), t) });
    } finally {
      setZipping(false);
    }
  };
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-0 z-30 flex justify-center p-4 pb-[max(1rem,env(safe-area-inset-bottom))]">
      {selected.length > 0 ? (
        <div
          role="toolbar"
          aria-label={t("selection.barLabel")}
          className="pointer-events-auto flex max-w-full flex-wrap items-center gap-1.5 rounded-2xl border border-line bg-surface/95 p-1.5 pl-4 shadow-xl shadow-black/10 backdrop-blur dark:shadow-black/50"
        >
          <p role="status" className="mr-2 text-sm font-medium text-fg tabular-nums">
            {t("selection.count", { count: format.number(selected.length) })}
          </p>
          <Button size="sm" variant="ghost" onClick={onSelectAll}>
            {t("selection.selectAll")}
          </Button>
          {downloadable.length > 0 ? (
            <Button size="sm" variant="secondary" icon={<ArchiveIcon className="size-4" />} isLoading={isZipping} onClick={() => void downloadZip()}>
              {isZipping ? t("selection.zipping") : t("selection.zip")}
            </Button>
          ) : null}
          <Button size="sm" icon={<TrashIcon className="size-4" />} onClick={onDelete} className="text-red-700 dark:text-red-400">
            {t("selection.delete")}
          </Button>
          <Button size="sm" variant="ghost" onClick={onClear} aria-label={t("selection.clear")} title={t("selection.clear")} className="w-8 px-0">
            <CloseIcon className="size-4" />
          </Button>
        </div>
      ) : null}
    </div>
  );
}
