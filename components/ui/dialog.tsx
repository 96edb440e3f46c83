"use client";

import { useEffect, useId, useRef, type ReactNode } from "react";
import { focusRing } from "./button";
import { CloseIcon } from "./icons";

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: ReactNode;
  closeLabel: string;
  children?: ReactNode;
  footer?: ReactNode;
  size?: "sm" | "md";
  /** `alertdialog` for confirmations, so screen readers read the question at once. */
  role?: "dialog" | "alertdialog";
};

/**
 * A modal on the native `<dialog>` with `showModal()`: the browser traps focus, makes the page inert and closes
 * on Escape; focus goes back to what opened it when it closes.
 */
export function Dialog({ open, onClose, title, description, closeLabel, children, footer, size = "sm", role = "dialog" }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      dialog.showModal();
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  useEffect(() => {
    const dialog = ref.current;
    return () => {
      if (dialog?.open) dialog.close();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      role={role === "alertdialog" ? "alertdialog" : undefined}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={(event) => {
        // React passes close and cancel up its tree, so a dialog opened inside this one would close it too.
        if (event.target !== event.currentTarget) return;
        const target = opener.current;
        opener.current = null;
        if (target instanceof HTMLElement && target.isConnected) target.focus({ preventScroll: true });
        if (open) onClose();
      }}
      onCancel={(event) => {
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === event.currentTarget) onClose();
      }}
      className={`m-auto w-[calc(100%-2rem)] rounded-2xl border border-line bg-surface p-0 text-fg shadow-2xl shadow-black/20 backdrop:bg-black/50 backdrop:backdrop-blur-[2px] dark:shadow-black/60 ${size === "sm" ? "max-w-md" : "max-w-xl"}`}
    >
      {open ? (
        <div className="p-5 sm:p-6">
          <div className="flex items-start justify-between gap-4">
            <h2 id={titleId} className="text-base font-semibold tracking-tight text-fg">
              {title}
            </h2>
            <button
              type="button"
              onClick={onClose}
              aria-label={closeLabel}
              className={`-mt-1 -mr-2 shrink-0 rounded-md p-1.5 text-fg-subtle hover:bg-surface-muted hover:text-fg ${focusRing}`}
            >
              <CloseIcon className="size-4" />
            </button>
          </div>
          {description ? (
            <div id={descriptionId} className="mt-2 space-y-2 text-sm leading-6 text-fg-muted">
              {description}
            </div>
          ) : null}
          {children ? <div className="mt-4">{children}</div> : null}
          {footer ? <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">{footer}</div> : null}
        </div>
      ) : null}
    </dialog>
  );
}
