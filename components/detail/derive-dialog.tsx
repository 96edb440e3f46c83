"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useRef, useState, type ReactNode } from "react";
import { useForm, type FieldError } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { errorLine, errorText } from "@/lib/client/error-text";
import { ApiError, newIdempotencyKey, NetworkError, postDerive } from "@/lib/client/generations-api";
import { DEFAULT_ASPECT_RATIO, EDIT_STRENGTHS, PROMPT_MAX_LENGTH, type AspectRatio, type DeriveAction, type EditStrength } from "@/lib/constants";
import type { Generation } from "@/lib/generations/types";
import type { Capabilities } from "@/lib/luma/capabilities";
import { useFormatters, useT } from "@/lib/i18n/provider";
import type { MessageKey, Translate } from "@/lib/i18n/translate";
import { deriveGenerationSchema, type DeriveGenerationInput, type DeriveGenerationRequest } from "@/lib/validations/derive";
import { strengthLabel } from "@/lib/client/option-text";
import { ClipPicker } from "@/components/detail/clip-picker";
import { useLiveEvents } from "@/components/layout/live-events";
import { startedToast } from "@/lib/client/started-toast";

const TEXT: Record<DeriveAction, { title: MessageKey; body: MessageKey; placeholder: MessageKey; submit: MessageKey }> = {
  extend_backward: {
    title: "derive.extendBackwardTitle",
    body: "derive.extendBackwardBody",
    placeholder: "derive.extendBackwardPlaceholder",
    submit: "derive.extendBackwardSubmit",
  },
  interpolate: {
    title: "derive.interpolateTitle",
    body: "derive.interpolateBody",
    placeholder: "derive.interpolatePlaceholder",
    submit: "derive.interpolateSubmit",
  },
  video_edit: { title: "derive.restyleTitle", body: "derive.restyleBody", placeholder: "derive.restylePlaceholder", submit: "derive.restyleSubmit" },
  video_reframe: { title: "derive.reframeTitle", body: "derive.reframeBody", placeholder: "derive.reframePlaceholder", submit: "derive.reframeSubmit" },
};
const FIELDS = ["prompt", "secondParentId", "editStrength", "aspectRatio"] as const;
type FieldName = (typeof FIELDS)[number];
const isFieldName = (value: string): value is FieldName => (FIELDS as readonly string[]).includes(value);
/** A middle strength: recognisably restyled, still the same shot. */
const DEFAULT_STRENGTH: EditStrength = "flex_1";

/** Only the keys an action takes: the schema is strict, so a stray empty field would be refused. */
function defaultsFor(action: DeriveAction, ratios: readonly AspectRatio[]): DeriveGenerationInput {
  switch (action) {
    case "extend_backward":
      return { action, prompt: "" };
    case "interpolate":
      return { action, prompt: "", secondParentId: "" };
    case "video_edit":
      return { action, prompt: "", editStrength: DEFAULT_STRENGTH };
    case "video_reframe":
      return { action, prompt: "", aspectRatio: ratios[0] ?? DEFAULT_ASPECT_RATIO };
  }
}

/** Our own words for what the schema refuses in the browser; the server's sentence (English) for what it refused. */
function fieldMessage(field: FieldName, error: FieldError | undefined, t: Translate): string | undefined {
  if (!error) return undefined;
  if (error.type === "server") return t("validation.serverField", { detail: error.message ?? "" });
  if (field === "prompt") return error.type === "too_big" ? t("validation.promptTooLong", { max: PROMPT_MAX_LENGTH }) : t("derive.promptRequired");
  if (field === "secondParentId") return t("derive.chooseClip");
  return t("validation.invalidChoice");
}

type DeriveDialogProps = { action: DeriveAction; generation: Generation; capabilities: Capabilities; onClose: () => void };

/** One derive action's form in a native dialog: the shared schema in the browser, the same one on the server. */
export function DeriveDialog({ action, generation, capabilities, onClose }: DeriveDialogProps) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishGeneration } = useLiveEvents();
  const id = useId();
  // One key per opened dialog and body: a double submit, or a retry after a lost answer, never makes two clips.
  const attempt = useRef<{ key: string; body: string } | null>(null);
  const ratios = capabilities.aspectRatios.filter((ratio) => ratio !== generation.aspectRatio);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<DeriveGenerationInput, unknown, DeriveGenerationRequest>({
    resolver: zodResolver(deriveGenerationSchema),
    defaultValues: defaultsFor(action, ratios),
  });
  // What the server refused that belongs to no field (an action this upstream lacks, an unfinished clip).
  const [formError, setFormError] = useState<string | null>(null);
  const text = TEXT[action];
  const message = (field: FieldName) => fieldMessage(field, (errors as Partial<Record<FieldName, FieldError>>)[field], t);

  const onValid = async (values: DeriveGenerationRequest) => {
    const body = JSON.stringify(values);
    if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body };
    setFormError(null);
    try {
      const created = await postDerive(generation.id, values, attempt.current.key);
      publishGeneration(created);
      showToast(startedToast(created, t, { title: "derive.started", body: "derive.startedBody" }));
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) attempt.current = null;
      let firstField: FieldName | null = null;
      for (const [field, texts] of Object.entries(error instanceof ApiError ? (error.fieldErrors ?? {}) : {})) {
        const first = texts?.[0];
        if (!first || !isFieldName(field)) continue;
        setError(field, { type: "server", message: first });
        firstField ??= field;
      }
      if (firstField) setFocus(firstField);
      const line = error instanceof NetworkError ? t("toast.networkBody") : errorLine(errorText(error, t, format), t);
      if (!firstField) setFormError(line);
      showToast({ tone: "error", title: t("derive.failed"), description: line });
    }
  };

  const ids = { prompt: `${id}-prompt`, promptError: `${id}-prompt-error`, formError: `${id}-form-error` };
  const promptMessage = message("prompt");
  return (
    <Dialog
      open
      onClose={() => (isSubmitting ? undefined : onClose())}
      size="md"
      title={t(text.title)}
      description={<p>{t(text.body)}</p>}
      closeLabel={t("detail.close")}
    >
      <form
        onSubmit={(event) => void handleSubmit(onValid)(event)}
        noValidate
        className="flex flex-col gap-5"
        aria-describedby={formError ? ids.formError : undefined}
      >
        {formError ? (
          <p
            id={ids.formError}
            role="alert"
            className="rounded-lg border border-red-500/25 bg-red-500/[0.05] px-3 py-2 text-[13px] leading-5 text-red-700 dark:text-red-300"
          >
            {formError}
          </p>
        ) : null}
        {action === "interpolate" ? <ClipPicker generation={generation} registration={register("secondParentId")} error={message("secondParentId")} /> : null}
        {action === "video_edit" ? (
          <Field label={t("derive.strength")} hint={t("derive.strengthHint")} error={message("editStrength")} htmlFor={`${id}-strength`}>
            <select id={`${id}-strength`} {...register("editStrength")} className={inputClasses}>
              {EDIT_STRENGTHS.filter((strength) => capabilities.editStrengths.includes(strength)).map((strength) => (
                <option key={strength} value={strength}>
                  {strengthLabel(strength, t)}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        {action === "video_reframe" ? (
          <fieldset>
            <legend className="mb-2 text-sm font-medium text-fg">{t("derive.aspectRatio")}</legend>
            <div className="grid grid-cols-3 gap-2 sm:grid-cols-6">
              {ratios.map((ratio) => (
                <label
                  key={ratio}
                  className="relative flex cursor-pointer items-center justify-center rounded-lg border border-line bg-surface px-2 py-2 text-sm font-medium text-fg tabular-nums hover:border-line-strong has-checked:border-accent has-checked:bg-accent-soft has-focus-visible:ring-2 has-focus-visible:ring-ring"
                >
                  <input
                    type="radio"
                    value={ratio}
                    className="absolute inset-0 size-full cursor-pointer appearance-none rounded-lg opacity-0"
                    {...register("aspectRatio")}
                  />
                  {ratio}
                </label>
              ))}
            </div>
            {message("aspectRatio") ? <p className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">{message("aspectRatio")}</p> : null}
          </fieldset>
        ) : null}
        <div>
          <label htmlFor={ids.prompt} className="block text-sm font-medium text-fg">
            {t("derive.prompt")}
          </label>
          <textarea
            id={ids.prompt}
            data-autofocus
            rows={3}
            placeholder={t(text.placeholder)}
            aria-invalid={promptMessage ? true : undefined}
            aria-describedby={promptMessage ? ids.promptError : undefined}
            className={`mt-1.5 resize-y leading-6 ${inputClasses}`}
            {...register("prompt")}
          />
          {promptMessage ? (
            <p id={ids.promptError} className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">
              {promptMessage}
            </p>
          ) : null}
        </div>
        <div className="mt-1 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button onClick={onClose} disabled={isSubmitting}>
            {t("actions.cancel")}
          </Button>
          <Button type="submit" variant="primary" isLoading={isSubmitting}>
            {isSubmitting ? t("derive.starting") : t(text.submit)}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

const inputClasses =
  "block w-full rounded-lg border border-line bg-canvas px-3 py-2 text-sm text-fg shadow-xs outline-none placeholder:text-fg-subtle focus-visible:border-accent focus-visible:ring-2 focus-visible:ring-ring/40 aria-invalid:border-red-500";

function Field({ label, hint, error, htmlFor, children }: { label: string; hint: string; error?: string; htmlFor: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={htmlFor} className="block text-sm font-medium text-fg">
        {label}
      </label>
      <p className="mt-0.5 text-[13px] text-fg-subtle">{hint}</p>
      <div className="mt-1.5">{children}</div>
      {error ? <p className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">{error}</p> : null}
    </div>
  );
}
