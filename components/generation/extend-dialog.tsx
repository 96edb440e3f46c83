"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, type BaseSyntheticEvent } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { ExtendIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import { useLiveEvents } from "@/components/layout/live-events";
import { errorLine, errorText } from "@/lib/client/error-text";
import { ApiError, newIdempotencyKey, postExtend } from "@/lib/client/generations-api";
import { startedToast } from "@/lib/client/started-toast";
import { PROMPT_MAX_LENGTH } from "@/lib/constants";
import type { Generation } from "@/lib/generations/types";
import { useFormatters, useT } from "@/lib/i18n/provider";
import { extendPromptSchema } from "@/lib/validations/generation";

type ExtendPrompt = z.output<typeof extendPromptSchema>;

/**
 * Continues a finished clip from a new prompt; one for the whole app, opened by `requestExtend` and loaded on
 * first use (it brings react-hook-form and zod, which no page needs at first load).
 */
export function ExtendDialog({ generation, onClose }: { generation: Generation | null; onClose: () => void }) {
  // A fresh form (and idempotency key) for each clip the dialog opens for.
  return generation ? <ExtendForm key={generation.id} generation={generation} onClose={onClose} /> : null;
}

function ExtendForm({ generation, onClose }: { generation: Generation; onClose: () => void }) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishGeneration } = useLiveEvents();
  // One key per body: a double submit or a retry after a lost answer never extends twice, and an edited prompt
  // after a refusal is a new request rather than a reused key with another body.
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ExtendPrompt>({ resolver: zodResolver(extendPromptSchema), defaultValues: { prompt: "" } });

  const onValid = async (values: ExtendPrompt) => {
    const body = JSON.stringify(values);
    if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body };
    try {
      const created = await postExtend(generation.id, values, attempt.current.key);
      publishGeneration(created);
      showToast(startedToast(created, t, { title: "actions.extendStarted", body: "actions.extendStartedBody" }));
      onClose();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status < 500) attempt.current = null;
      const fieldMessage = caught instanceof ApiError ? caught.fieldErrors?.prompt?.[0] : undefined;
      const message = fieldMessage ? t("validation.serverField", { detail: fieldMessage }) : errorLine(errorText(caught, t, format), t);
      setError("prompt", { type: "server", message });
      showToast({ tone: "error", title: t("actions.extendFailed"), description: message });
    }
  };
  const submit = (event?: BaseSyntheticEvent) => handleSubmit(onValid)(event);

  const error = errors.prompt;
  const errorMessage = !error
    ? null
    : error.type === "server"
      ? (error.message ?? null)
      : error.type === "too_big"
        ? t("validation.promptTooLong", { max: PROMPT_MAX_LENGTH })
        : t("validation.promptRequired");
  const fieldId = "extend-prompt";
  return (
    <Dialog
      open
      onClose={() => (isSubmitting ? undefined : onClose())}
      size="md"
      title={t("actions.extendTitle")}
      description={<p>{t("actions.extendBody")}</p>}
      closeLabel={t("detail.close")}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor={fieldId} className="block text-sm font-medium text-fg">
          {t("actions.extendPrompt")}
        </label>
        <textarea
          id={fieldId}
          data-autofocus
          {...register("prompt")}
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
              event.preventDefault();
              void submit();
            }
          }}
          rows={4}
          maxLength={PROMPT_MAX_LENGTH}
          placeholder={t("actions.extendPlaceholder")}
          aria-invalid={errorMessage ? true : undefined}
          aria-describedby={errorMessage ? `${fieldId}-error` : undefined}
          className="mt-1.5 block w-full resize-y rounded-lg border border-line bg-canvas px-3 py-2 text-sm leading-6 text-fg shadow-xs outline-none placeholder:text-fg-subtle focus-visible:border-accent focus-visible:ring-2 focus-visible:ring-ring/40 aria-invalid:border-red-500"
        />
        {errorMessage ? (
          <p id={`${fieldId}-error`} className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">
            {errorMessage}
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
