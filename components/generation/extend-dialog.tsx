"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ExtendIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import { errorLine, errorText } from "@/lib/client/error-text";
import { ApiError, newIdempotencyKey, postExtend } from "@/lib/client/generations-api";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { useLiveEvents } from "@/components/layout/live-events";
import { startedToast } from "@/lib/client/started-toast";

/** Continues a finished clip from a new prompt; one for the whole app, opened by `requestExtend`. */
export function ExtendDialog({ generation, onClose }: { generation: Generation | null; onClose: () => void }) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishGeneration } = useLiveEvents();
  const [prompt, setPrompt] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  // One key per opened dialog: a double submit or a retry after a lost answer never extends twice.
  const [key, setKey] = useState<string | null>(null);
  const [openedFor, setOpenedFor] = useState<string | null>(null);
  if ((generation?.id ?? null) !== openedFor) {
    setOpenedFor(generation?.id ?? null);
    setPrompt("");
    setError(null);
    setKey(generation ? newIdempotencyKey() : null);
  }

  const submit = async () => {
    if (!generation || !key) return;
    if (!prompt.trim()) {
      setError(t("validation.promptRequired"));
      return;
    }
    setSubmitting(true);
    try {
      const created = await postExtend(generation.id, { prompt: prompt.trim() }, key);
      publishGeneration(created);
      showToast(startedToast(created, t, { title: "actions.extendStarted", body: "actions.extendStartedBody" }));
      onClose();
    } catch (caught) {
      const fieldMessage = caught instanceof ApiError ? caught.fieldErrors?.prompt?.[0] : undefined;
      const message = fieldMessage ? t("validation.serverField", { detail: fieldMessage }) : errorLine(errorText(caught, t, format), t);
      setError(message);
      showToast({ tone: "error", title: t("actions.extendFailed"), description: message });
    } finally {
      setSubmitting(false);
    }
  };

  const fieldId = "extend-prompt";
  return (
    <Dialog
      open={generation !== null}
      onClose={() => {
        if (!isSubmitting) onClose();
      }}
      size="md"
      title={t("actions.extendTitle")}
      description={<p>{t("actions.extendBody")}</p>}
      closeLabel={t("detail.close")}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label htmlFor={fieldId} className="block text-sm font-medium text-fg">
          {t("actions.extendPrompt")}
        </label>
        <textarea
          id={fieldId}
          data-autofocus
          value={prompt}
          onChange={(event) => {
            setPrompt(event.target.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              void submit();
            }
          }}
          rows={4}
          maxLength={5000}
          placeholder={t("actions.extendPlaceholder")}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${fieldId}-error` : undefined}
          className="mt-1.5 block w-full resize-y rounded-lg border border-line bg-canvas px-3 py-2 text-sm leading-6 text-fg shadow-xs outline-none placeholder:text-fg-subtle focus-visible:border-accent focus-visible:ring-2 focus-visible:ring-ring/40 aria-invalid:border-red-500"
        />
        {error ? (
          <p id={`${fieldId}-error`} className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <div className="mt-6 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button onClick={onClose} disabled={isSubmitting}>
            {t("actions.cancel")}
          </Button>
          <Button type="submit" variant="primary" isLoading={isSubmitting} icon={<ExtendIcon className="size-4" />}>
            {isSubmitting ? t("actions.extending") : t("actions.extend")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
