"use client";

import Link from "next/link";
import { useId, useRef, type MouseEvent, type ReactNode } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { ContinueIcon, CopyIcon, DownloadIcon, ExtendIcon, HeartIcon, InfoIcon, MoreIcon, RefreshIcon, TrashIcon, WandIcon } from "@/components/ui/icons";
import { detailHref, formHref } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useT } from "@/lib/i18n/provider";
import { useGenerationActions } from "@/components/generation/generation-actions";

const isRetryable = (generation: Generation) => generation.state === "failed" || generation.state === "timed_out";
const canContinue = (generation: Generation) => generation.state === "completed" && generation.lastFrameUrl !== null;
const canExtend = (generation: Generation) => generation.state === "completed" && generation.upstreamId !== null;

/** The heart: a toggle button (aria-pressed), applied at once and rolled back if the server refuses. */
export function LikeButton({ generation, size = "sm" }: { generation: Generation; size?: "sm" | "md" }) {
  const t = useT();
  const { toggleLike } = useGenerationActions();
  return (
    <button
      type="button"
      aria-pressed={generation.liked}
      aria-label={t("actions.like")}
      title={t("actions.like")}
      onClick={() => void toggleLike(generation)}
      className={`${buttonClasses("ghost", size, size === "sm" ? "w-8 px-0" : "")} ${generation.liked ? "text-rose-600 hover:text-rose-700 dark:text-rose-400 dark:hover:text-rose-300" : ""}`}
    >
      <HeartIcon className={`size-4 ${generation.liked ? "fill-current" : ""}`} />
      {size === "md" ? <span>{t("actions.like")}</span> : null}
    </button>
  );
}

type MenuEntry = { key: string; label: string; icon: ReactNode; href?: string; onSelect?: () => void; isDanger?: boolean };

function useMenuEntries(generation: Generation, { includeOpen }: { includeOpen: boolean }): MenuEntry[] {
  const t = useT();
  const actions = useGenerationActions();
  const entries: MenuEntry[] = [];
  if (includeOpen) entries.push({ key: "open", label: t("actions.open"), icon: <InfoIcon className="size-4" />, href: detailHref(generation.id) });
  if (generation.prompt)
    entries.push({ key: "copy", label: t("actions.copyPrompt"), icon: <CopyIcon className="size-4" />, onSelect: () => void actions.copyPrompt(generation) });
  entries.push({ key: "remix", label: t("actions.remix"), icon: <WandIcon className="size-4" />, href: formHref(generation.id, "remix") });
  if (canContinue(generation))
    entries.push({ key: "continue", label: t("actions.continue"), icon: <ContinueIcon className="size-4" />, href: formHref(generation.id, "continue") });
  if (canExtend(generation))
    entries.push({ key: "extend", label: t("actions.extend"), icon: <ExtendIcon className="size-4" />, onSelect: () => actions.requestExtend(generation) });
  if (isRetryable(generation))
    entries.push({ key: "retry", label: t("actions.retry"), icon: <RefreshIcon className="size-4" />, onSelect: () => void actions.retry(generation) });
  entries.push({
    key: "delete",
    label: t("actions.delete"),
    icon: <TrashIcon className="size-4" />,
    onSelect: () => actions.requestDelete([generation]),
    isDanger: true,
  });
  return entries;
}

/**
 * A card's secondary actions in a native popover (top layer, light dismiss, Escape), with menu arrow keys.
 * Positioned from the button on open, in script, so no inline style reaches the server HTML.
 */
export function GenerationMenu({ generation, label, onOpenDetail }: { generation: Generation; label: string; onOpenDetail?: (event: MouseEvent) => void }) {
  const t = useT();
  const menuId = useId();
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const entries = useMenuEntries(generation, { includeOpen: true });

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? []);
  const close = () => {
    menuRef.current?.hidePopover();
    buttonRef.current?.focus();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        popoverTarget={menuId}
        aria-haspopup="menu"
        aria-controls={menuId}
        aria-label={label}
        title={t("actions.more")}
        className={buttonClasses("ghost", "sm", "w-8 px-0")}
      >
        <MoreIcon className="size-4" />
      </button>
      <div
        ref={menuRef}
        id={menuId}
        popover="auto"
        role="menu"
        aria-label={label}
        onToggle={(event) => {
          const menu = event.currentTarget;
          if (!menu.matches(":popover-open")) return;
          const anchor = buttonRef.current?.getBoundingClientRect();
          if (anchor) {
            const width = menu.offsetWidth;
            const height = menu.offsetHeight;
            const left = Math.max(8, Math.min(anchor.right - width, window.innerWidth - width - 8));
            const below = anchor.bottom + 4;
            menu.style.left = `${left}px`;
            menu.style.top = `${below + height > window.innerHeight - 8 ? Math.max(8, anchor.top - height - 4) : below}px`;
          }
          items()[0]?.focus();
        }}
        onKeyDown={(event) => {
          const list = items();
          const index = list.indexOf(document.activeElement as HTMLElement);
          const move = (next: number) => {
            event.preventDefault();
            list[(next + list.length) % list.length]?.focus();
          };
          if (event.key === "ArrowDown") move(index + 1);
          else if (event.key === "ArrowUp") move(index - 1);
          else if (event.key === "Home") move(0);
          else if (event.key === "End") move(list.length - 1);
          else if (event.key === "Tab") menuRef.current?.hidePopover();
        }}
        className="fixed m-0 min-w-52 rounded-xl border border-line bg-surface p-1 text-fg shadow-xl shadow-black/10 dark:shadow-black/50"
      >
        {entries.map((entry) => {
          const className = `flex w-full items-center gap-2.5 rounded-md px-2.5 py-1.5 text-left text-[13px] font-medium outline-none hover:bg-surface-muted focus-visible:bg-surface-muted focus-visible:ring-2 focus-visible:ring-ring ${
            entry.isDanger ? "text-red-700 dark:text-red-400" : "text-fg"
          }`;
          const content = (
            <>
              <span className={entry.isDanger ? "" : "text-fg-subtle"}>{entry.icon}</span>
              {entry.label}
            </>
          );
          return entry.href ? (
            <Link
              key={entry.key}
              href={entry.href}
              role="menuitem"
              tabIndex={-1}
              className={className}
              onClick={(event) => {
                menuRef.current?.hidePopover();
                if (entry.key === "open") onOpenDetail?.(event);
              }}
            >
              {content}
            </Link>
          ) : (
            <button
              key={entry.key}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={className}
              onClick={() => {
                close();
                entry.onSelect?.();
              }}
            >
              {content}
            </button>
          );
        })}
      </div>
    </>
  );
}

/** The detail view's full row of labelled actions. */
export function GenerationActionBar({ generation, onDeleted }: { generation: Generation; onDeleted?: () => void }) {
  const t = useT();
  const actions = useGenerationActions();
  const isRetrying = actions.pendingIds.has(generation.id);
  return (
    <div role="group" aria-label={t("actions.groupLabel")} className="flex flex-wrap items-center gap-2">
      <LikeButton generation={generation} size="md" />
      {generation.downloadUrl ? (
        <a href={generation.downloadUrl} download title={t("actions.downloadHint")} className={buttonClasses("secondary", "md")}>
          <DownloadIcon className="size-4" />
          {t("actions.download")}
        </a>
      ) : null}
      {generation.prompt ? (
        <Button icon={<CopyIcon className="size-4" />} onClick={() => void actions.copyPrompt(generation)}>
          {t("actions.copyPrompt")}
        </Button>
      ) : null}
      <Link href={formHref(generation.id, "remix")} className={buttonClasses("secondary", "md")}>
        <WandIcon className="size-4" />
        {t("actions.remix")}
      </Link>
      {canContinue(generation) ? (
        <Link href={formHref(generation.id, "continue")} className={buttonClasses("secondary", "md")}>
          <ContinueIcon className="size-4" />
          {t("actions.continue")}
        </Link>
      ) : null}
      {canExtend(generation) ? (
        <Button icon={<ExtendIcon className="size-4" />} onClick={() => actions.requestExtend(generation)}>
          {t("actions.extend")}
        </Button>
      ) : null}
      {isRetryable(generation) ? (
        <Button variant="primary" isLoading={isRetrying} icon={<RefreshIcon className="size-4" />} onClick={() => void actions.retry(generation)}>
          {t("actions.retry")}
        </Button>
      ) : null}
      <Button
        icon={<TrashIcon className="size-4" />}
        className="text-red-700 hover:text-red-800 dark:text-red-400 dark:hover:text-red-300"
        onClick={() => actions.requestDelete([generation], onDeleted ? () => onDeleted() : undefined)}
      >
        {t("actions.delete")}
      </Button>
    </div>
  );
}
