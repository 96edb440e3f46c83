"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import useSWR from "swr";
import { focusRing } from "@/components/ui/button";
import { detailHref, detailsKey, type GenerationDetails } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import type { MessageKey } from "@/lib/i18n/translate";
import { strengthLabel } from "@/lib/client/option-text";
import { GenerationStateBadge } from "@/components/generation/generation-state-badge";

const MAX_ANCESTORS = 25;

type LineageProps = { generation: Generation; parent: Generation | null; secondParent: Generation | null };

/**
 * Where a clip came from: an extension shows its whole chain, oldest first; a lead-in, bridge, restyle or
 * reframe shows the clips it was made from, each a link to its own detail view.
 */
export function GenerationLineage({ generation, parent, secondParent }: LineageProps) {
  if (!generation.kind || generation.kind === "extend" || generation.kind === "video") return <ExtensionChain generation={generation} parent={parent} />;
  return <MadeFrom generation={generation} parent={parent} secondParent={secondParent} />;
}

function LineageSection({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <section className="min-w-0">
      <h2 className="text-sm font-semibold text-fg">{title}</h2>
      <p className="mt-0.5 text-[13px] text-fg-subtle">{hint}</p>
      <div className="mt-2.5">{children}</div>
    </section>
  );
}

function MadeFrom({ generation, parent, secondParent }: LineageProps) {
  const t = useT();
  const sources: Array<{ role: MessageKey; clip: Generation | null; note?: string }> = [];
  switch (generation.kind) {
    case "extend_backward":
      sources.push({ role: "derive.roleExtendBackward", clip: parent });
      break;
    case "interpolate":
      sources.push({ role: "derive.roleInterpolateFrom", clip: parent }, { role: "derive.roleInterpolateTo", clip: secondParent });
      break;
    case "video_edit":
      sources.push({
        role: "derive.roleEdit",
        clip: parent,
        note: generation.editStrength ? t("derive.strengthUsed", { strength: strengthLabel(generation.editStrength, t) }) : undefined,
      });
      break;
    case "video_reframe":
      sources.push({
        role: "derive.roleReframe",
        clip: parent,
        note: parent ? t("derive.ratioChange", { from: parent.aspectRatio, to: generation.aspectRatio }) : undefined,
      });
      break;
  }
  return (
    <LineageSection title={t("derive.madeFrom")} hint={t("derive.madeFromHint")}>
      <ul className="flex flex-col gap-1.5">
        {sources.map(({ role, clip, note }) => (
          <li key={role} className="flex flex-col gap-1">
            <span className="text-xs font-medium text-fg-muted">{t(role)}</span>
            {clip ? (
              <ClipLink clip={clip} />
            ) : (
              <span className="rounded-lg border border-dashed border-line px-3 py-2 text-[13px] text-fg-subtle">{t("derive.sourceGone")}</span>
            )}
            {note ? <span className="text-xs text-fg-subtle tabular-nums">{note}</span> : null}
          </li>
        ))}
      </ul>
    </LineageSection>
  );
}

function ClipLink({ clip }: { clip: Generation }) {
  const t = useT();
  return (
    <Link
      href={detailHref(clip.id)}
      className={`flex items-center gap-2 rounded-lg border border-line bg-surface px-3 py-2 text-[13px] hover:border-line-strong hover:bg-surface-muted ${focusRing}`}
    >
      <GenerationStateBadge state={clip.state} failureCode={clip.failureCode} />
      <span className="min-w-0 truncate text-fg">{clip.prompt || t("card.keyframesOnly")}</span>
    </Link>
  );
}

/** Oldest first: each ancestor is found by asking for its child's details, so the chain fills in as it loads. */
function ExtensionChain({ generation, parent }: { generation: Generation; parent: Generation | null }) {
  const t = useT();
  return (
    <LineageSection title={t("detail.lineage")} hint={t("detail.lineageHint")}>
      <ol className="flex flex-col gap-1.5">
        {parent ? <Ancestor generation={parent} depth={1} /> : null}
        <li className="flex items-center gap-2 rounded-lg border border-accent/40 bg-accent-soft px-3 py-2 text-[13px]">
          <span className="font-semibold text-accent">{t("detail.current")}</span>
          <span className="min-w-0 truncate text-fg-muted">{generation.prompt || t("card.keyframesOnly")}</span>
        </li>
      </ol>
    </LineageSection>
  );
}

function Ancestor({ generation, depth }: { generation: Generation; depth: number }) {
  const { data } = useSWR<GenerationDetails>(generation.parentId && depth < MAX_ANCESTORS ? detailsKey(generation.parentId) : null);
  return (
    <>
      {data ? <Ancestor generation={data.generation} depth={depth + 1} /> : null}
      <li>
        <ClipLink clip={generation} />
      </li>
    </>
  );
}
