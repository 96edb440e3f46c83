"use client";

import { Fragment } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { MessageKey } from "@/lib/i18n/translate";
import { useT } from "@/lib/i18n/provider";

const ROWS: ReadonlyArray<{ keys: readonly string[]; label: MessageKey }> = [
  { keys: ["←", "→", "J", "K"], label: "shortcuts.move" },
  { keys: ["Enter"], label: "shortcuts.openDetail" },
  { keys: ["Space"], label: "shortcuts.play" },
  { keys: ["L"], label: "shortcuts.like" },
  { keys: ["X"], label: "shortcuts.select" },
  { keys: ["Delete", "Backspace"], label: "shortcuts.remove" },
  { keys: ["Esc"], label: "shortcuts.escape" },
  { keys: ["?"], label: "shortcuts.help" },
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog open={open} onClose={onClose} title={t("shortcuts.title")} closeLabel={t("shortcuts.close")} description={<p>{t("shortcuts.inDetail")}</p>}>
      <dl className="grid grid-cols-[auto_1fr] items-center gap-x-5 gap-y-2.5 text-sm">
        {ROWS.map((row) => (
          <Fragment key={row.label}>
            <dt className="flex flex-wrap gap-1">
              {row.keys.map((key) => (
                <kbd
                  key={key}
                  className="inline-flex h-6 min-w-6 items-center justify-center rounded-md border border-line-strong bg-surface-muted px-1.5 font-mono text-[12px] text-fg shadow-[0_1px_0] shadow-line-strong"
                >
                  {key}
                </kbd>
              ))}
            </dt>
            <dd className="text-fg-muted">{t(row.label)}</dd>
          </Fragment>
        ))}
        <dt>
          <kbd className="inline-flex h-6 items-center rounded-md border border-line-strong bg-surface-muted px-1.5 font-mono text-[12px] text-fg">
            {t("shortcuts.shiftClick")}
          </kbd>
        </dt>
        <dd className="text-fg-muted">{t("shortcuts.range")}</dd>
      </dl>
    </Dialog>
  );
}
