"use client";

import { lazy, Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { ContinueIcon, ExtendIcon, FilmIcon, WandIcon } from "@/components/ui/icons";
import { DERIVE_ACTIONS, type DeriveAction } from "@/lib/constants";
import type { Generation } from "@/lib/generations/types";
import { isActionOffered, type Capabilities } from "@/lib/luma/capabilities";
import { useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";
import { useCapabilities } from "@/components/layout/capabilities-provider";

const LABEL: Record<DeriveAction, MessageKey> = {
  extend_backward: "derive.extendBackward",
  interpolate: "derive.interpolate",
  video_edit: "derive.restyle",
  video_reframe: "derive.reframe",
};
// The dialog carries react-hook-form and zod; it loads when one is opened, not with the gallery or detail page.
// React.lazy, not next/dynamic: with Turbopack next/dynamic's chunks still load with the page.
const DeriveDialog = lazy(() => import("@/components/detail/derive-dialog").then((module) => ({ default: module.DeriveDialog })));

const ICON: Record<DeriveAction, typeof ExtendIcon> = { extend_backward: ContinueIcon, interpolate: ExtendIcon, video_edit: WandIcon, video_reframe: FilmIcon };

/**
 * The actions that take a finished clip somewhere new, each only where the active upstream offers it. A lead-in
 * and a bridge name the clip by the upstream's id, so only its own upstream can make them; a restyle or reframe
 * can send our archived copy instead.
 */
function offeredActions(generation: Generation, capabilities: Capabilities): DeriveAction[] {
  if (generation.state !== "completed" || !generation.upstreamId) return [];
  const isOwnUpstream = generation.provider === capabilities.provider;
  return DERIVE_ACTIONS.filter((action) => {
    if (!isActionOffered(action, capabilities)) return false;
    if (action === "extend_backward" || action === "interpolate") return isOwnUpstream;
    return isOwnUpstream || generation.isArchived;
  });
}

export function DeriveActions({ generation }: { generation: Generation }) {
  const t = useT();
  const capabilities = useCapabilities();
  const [open, setOpen] = useState<DeriveAction | null>(null);
  const actions = offeredActions(generation, capabilities);
  if (actions.length === 0) return null;
  return (
    <>
      <div role="group" aria-label={t("derive.groupLabel")} className="-mt-3 flex flex-wrap items-center gap-2">
        {actions.map((action) => {
          const Icon = ICON[action];
          return (
            <Button key={action} icon={<Icon className="size-4" />} onClick={() => setOpen(action)}>
              {t(LABEL[action])}
            </Button>
          );
        })}
      </div>
      {open ? (
        <Suspense fallback={null}>
          <DeriveDialog key={`${generation.id}-${open}`} action={open} generation={generation} capabilities={capabilities} onClose={() => setOpen(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
