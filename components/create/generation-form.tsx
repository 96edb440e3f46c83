"use client";

import { useId, useMemo, useRef, useState } from "react";
import { Controller, useForm, type FieldError } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { AlertIcon, CloseIcon, InfoIcon, SparkIcon } from "@/components/ui/icons";
import { Switch } from "@/components/ui/switch";
import { useToast } from "@/components/ui/toast";
import { DEFAULT_ASPECT_RATIO } from "@/lib/constants";
import type { Capabilities, CombinationIssue, CombinationRequest } from "@/lib/luma/capabilities";
import type { Translate } from "@/lib/i18n/translate";
import { useFormatters, useT } from "@/lib/i18n/provider";
import type { Generation } from "@/lib/generations/types";
import { formFieldOf, IMAGE_URL_MAX_LENGTH } from "@/lib/validations/frame-rules";
import type { CreateGenerationInput, CreateGenerationRequest } from "@/lib/validations/generation";
import { AspectRatioPicker } from "@/components/create/aspect-ratio-picker";
import { FrameUrlField } from "@/components/create/frame-url-field";
import { lazyCreateResolver } from "@/lib/client/create-resolver";
import { combinationText } from "@/lib/client/option-text";
import { errorLine, errorText } from "@/lib/client/error-text";
import { ApiError, NetworkError, newIdempotencyKey, postGeneration } from "@/lib/client/generations-api";
import { useLiveEvents } from "@/components/layout/live-events";
import { startedToast } from "@/lib/client/started-toast";
import { VideoOptions } from "@/components/create/video-options";

type FieldName = keyof CreateGenerationInput;
const FIELD_NAMES: readonly FieldName[] = [
  "prompt",
  "aspectRatio",
  "expandPrompt",
  "loop",
  "imageUrl",
  "imageEndUrl",
  "model",
  "resolution",
  "duration",
  "cameraMove",
  "hdr",
];

/** A blank form shows what is sent when nothing is changed: the upstream's own defaults. */
function defaultValues(capabilities: Capabilities): CreateGenerationInput {
  return {
    prompt: "",
    aspectRatio: capabilities.aspectRatios.includes(DEFAULT_ASPECT_RATIO) ? DEFAULT_ASPECT_RATIO : capabilities.aspectRatios[0],
    // Off where the upstream has no such switch, so the detail view does not claim a rewrite that never happened.
    expandPrompt: capabilities.options.expandPrompt,
    loop: false,
    imageUrl: "",
    imageEndUrl: "",
    model: capabilities.defaultModel ?? "",
    resolution: capabilities.defaultResolution ?? "",
    duration: capabilities.defaultDuration ?? "",
    cameraMove: "",
    hdr: false,
  };
}

/** A value the source generation had, if this upstream still offers it; otherwise the blank form's. */
function offered<T extends string>(value: T | null | undefined, values: readonly string[], fallback: T | ""): T | "" {
  return value && values.includes(value) ? value : fallback;
}

export type PrefillMode = "remix" | "continue" | "retry";
/** `/?from=<id>&mode=…`: the page loads the source; `generation` is null when the id is unknown. */
export type PrefillSource = { mode: PrefillMode; generation: Generation | null };

/**
 * Remix and retry bring back every option this upstream still offers; continue starts from the source's last
 * frame with no end frame.
 */
function prefillValues({ mode, generation }: PrefillSource, capabilities: Capabilities): CreateGenerationInput {
  const blank = defaultValues(capabilities);
  if (!generation) return blank;
  const common = {
    prompt: generation.prompt,
    aspectRatio: offered(generation.aspectRatio, capabilities.aspectRatios, blank.aspectRatio ?? DEFAULT_ASPECT_RATIO) || DEFAULT_ASPECT_RATIO,
    expandPrompt: capabilities.options.expandPrompt && generation.expandPrompt,
    model: offered(
      generation.model,
      capabilities.models.map((model) => model.value),
      blank.model ?? "",
    ),
    resolution: offered(generation.resolution, capabilities.resolutions, blank.resolution ?? ""),
    duration: offered(generation.duration, capabilities.durations, blank.duration ?? ""),
    cameraMove: generation.cameraMove ?? ("" as const),
    hdr: capabilities.options.hdr && generation.hdr === true,
  };
  if (mode === "continue") return { ...blank, ...common, imageUrl: generation.lastFrameUrl ?? "", imageEndUrl: "" };
  return { ...common, loop: generation.loop, imageUrl: generation.imageUrl ?? "", imageEndUrl: generation.imageEndUrl ?? "" };
}

function PrefillNote({ source, onDismiss, t }: { source: PrefillSource; onDismiss: () => void; t: Translate }) {
  const { mode, generation } = source;
  const prompt = generation ? generation.prompt.trim() || t("prefill.untitled") : "";
  const shortPrompt = prompt.length > 80 ? `${prompt.slice(0, 79)}…` : prompt;
  const isMissing = !generation;
  return (
    <div
      role="status"
      className={`flex items-start gap-3 border-b px-5 py-3 text-sm sm:px-6 ${
        isMissing ? "border-amber-500/30 bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200" : "border-line bg-accent-soft text-fg"
      }`}
    >
      {isMissing ? <AlertIcon className="mt-0.5 size-4 shrink-0" /> : <InfoIcon className="mt-0.5 size-4 shrink-0 text-accent" />}
      <p className="min-w-0 flex-1 break-words">
        {isMissing ? t("prefill.notFound") : t(`prefill.${mode}`, { prompt: shortPrompt })}
        {generation && mode === "continue" && !generation.lastFrameUrl ? <span className="block text-fg-muted">{t("prefill.noLastFrame")}</span> : null}
      </p>
      <Button
        variant="ghost"
        size="sm"
        onClick={onDismiss}
        aria-label={t("prefill.dismissLabel")}
        icon={<CloseIcon className="size-4" />}
        className="-my-1 -mr-2"
      >
        <span className="sr-only sm:not-sr-only">{t("prefill.dismiss")}</span>
      </Button>
    </div>
  );
}

/**
 * The shared schema's messages are English; the form shows its own translation, chosen by field and zod issue
 * code, and for a combination the upstream refuses by the refusal's code (`combination`, from checkCombination on
 * the same values). A field the server refused (`type: "server"`) shows the server's sentence, introduced in the
 * viewer's language.
 */
function fieldErrorMessage(
  field: FieldName,
  error: FieldError | undefined,
  values: CreateGenerationInput,
  capabilities: Capabilities,
  checkCombination: (request: CombinationRequest) => CombinationIssue[],
  t: Translate,
): string | undefined {
  if (!error) return undefined;
  if (error.type === "server") return t("validation.serverField", { detail: error.message ?? "" });
  const value = values[field];
  const maxLength = capabilities.prompt.maxLength;
  if (error.type === "custom") {
    const issue = checkCombination(combinationRequest(values)).find((candidate) => formFieldOf(candidate.field) === field);
    const text = issue ? combinationText(issue, values, capabilities, t) : null;
    if (issue?.code === "prompt_too_long") return t("validation.promptTooLong", { max: maxLength });
    if (text) return text;
  }
  switch (field) {
    case "prompt":
      return error.type === "too_big" ? t("validation.promptTooLong", { max: maxLength }) : t("validation.promptRequired");
    case "imageUrl":
    case "imageEndUrl":
      if (error.type !== "too_big") return t("validation.imageUrlInvalid");
      return String(value ?? "")
        .trim()
        .startsWith("data:")
        ? t("validation.imageTooLarge")
        : t("validation.imageUrlTooLong", { max: IMAGE_URL_MAX_LENGTH });
    case "aspectRatio":
    case "model":
    case "resolution":
    case "duration":
    case "cameraMove":
      return t("validation.invalidChoice");
    default:
      return t("validation.invalid");
  }
}

/** The form's values as the combination check reads them (frames as the URLs the form holds). */
function combinationRequest(values: CreateGenerationInput): CombinationRequest {
  const blankToNull = (value: string | undefined) => value?.trim() || null;
  return {
    ...values,
    model: blankToNull(values.model),
    resolution: blankToNull(values.resolution),
    duration: blankToNull(values.duration),
    cameraMove: values.cameraMove || undefined,
    startFrame: blankToNull(values.imageUrl),
    endFrame: blankToNull(values.imageEndUrl),
  };
}

function isFieldName(value: string): value is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(value);
}

/** One idempotency key per distinct request: reused only to retry the same body after the network lost the answer. */
type PendingAttempt = { key: string; body: string };

export function GenerationForm({ prefill, capabilities }: { prefill?: PrefillSource; capabilities: Capabilities }) {
  const t = useT();
  const format = useFormatters();
  const { showToast } = useToast();
  const { publishGeneration } = useLiveEvents();
  const id = useId();
  const attempt = useRef<PendingAttempt | null>(null);
  const [note, setNote] = useState<PrefillSource | null>(prefill ?? null);
  const schema = useMemo(() => lazyCreateResolver(capabilities), [capabilities]);

  const {
    register,
    control,
    handleSubmit,
    watch,
    getValues,
    reset,
    setError,
    setValue,
    clearErrors,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<CreateGenerationInput, unknown, CreateGenerationRequest>({
    resolver: schema.resolver,
    defaultValues: prefill ? prefillValues(prefill, capabilities) : defaultValues(capabilities),
  });
  const setFrame = (field: "imageUrl" | "imageEndUrl") => (value: string) => {
    setValue(field, value, { shouldDirty: true });
    clearErrors([field, "prompt"]);
  };

  const promptLength = (watch("prompt") ?? "").length;
  const imageUrl = watch("imageUrl") ?? "";
  const imageEndUrl = watch("imageEndUrl") ?? "";
  const ids = {
    prompt: `${id}-prompt`,
    promptCount: `${id}-prompt-count`,
    promptError: `${id}-prompt-error`,
    aspectError: `${id}-aspect-error`,
    imageUrl: `${id}-image-url`,
    imageEndUrl: `${id}-image-end-url`,
    keyframesHint: `${id}-keyframes-hint`,
  };
  const message = (field: FieldName) => fieldErrorMessage(field, errors[field], getValues(), capabilities, schema.combinationIssues, t);

  const onValid = async (values: CreateGenerationRequest) => {
    const body = JSON.stringify(values);
    if (attempt.current?.body !== body) attempt.current = { key: newIdempotencyKey(), body };
    try {
      const { generation } = await postGeneration(values, attempt.current.key);
      attempt.current = null;
      publishGeneration(generation);
      showToast(startedToast(generation, t, { title: "toast.createdTitle", body: "toast.createdBody" }));
      setNote(null);
      reset({ ...getValues(), prompt: "", imageUrl: "", imageEndUrl: "" });
    } catch (error) {
      if (error instanceof NetworkError || !(error instanceof ApiError)) {
        // The server may have acted on it: the next submit of the same form reuses the key and cannot double-charge.
        showToast({ tone: "error", title: t("toast.networkTitle"), description: t("toast.networkBody") });
        return;
      }
      if (error.status < 500) attempt.current = null;
      let firstField: FieldName | null = null;
      for (const [field, fieldMessages] of Object.entries(error.fieldErrors ?? {})) {
        const text = fieldMessages?.[0];
        if (!text || !isFieldName(field)) continue;
        setError(field, { type: "server", message: text });
        firstField ??= field;
      }
      if (firstField) setFocus(firstField);
      showToast({ tone: "error", title: t("toast.createFailedTitle"), description: errorLine(errorText(error, t, format), t) });
    }
  };

  const promptMessage = message("prompt");
  const isPromptOver = promptLength > capabilities.prompt.maxLength;

  return (
    <form
      onSubmit={handleSubmit(onValid)}
      onFocus={schema.preload}
      noValidate
      aria-label={t("form.label")}
      className="overflow-hidden rounded-2xl border border-line bg-surface shadow-xs"
    >
      {note ? <PrefillNote source={note} onDismiss={() => setNote(null)} t={t} /> : null}
      <div className="grid divide-y divide-line lg:grid-cols-[minmax(0,1fr)_24rem] lg:divide-x lg:divide-y-0">
        <div className="flex flex-col gap-7 p-5 sm:p-6">
          <div className="flex flex-1 flex-col">
            <div className="mb-2 flex items-baseline justify-between gap-3">
              <label htmlFor={ids.prompt} className="text-sm font-medium text-fg">
                {t("form.promptLabel")}
              </label>
              <span id={ids.promptCount} className={`text-xs tabular-nums ${isPromptOver ? "font-medium text-red-600 dark:text-red-400" : "text-fg-subtle"}`}>
                {t("form.promptCount", { count: format.number(promptLength), max: format.number(capabilities.prompt.maxLength) })}
              </span>
            </div>
            <textarea
              id={ids.prompt}
              rows={6}
              placeholder={t("form.promptPlaceholder")}
              aria-invalid={promptMessage ? true : undefined}
              aria-describedby={[promptMessage ? ids.promptError : null, ids.promptCount].filter(Boolean).join(" ")}
              className={`block min-h-40 w-full flex-1 resize-y rounded-lg border bg-surface px-3.5 py-3 text-[15px] leading-6 text-fg shadow-xs transition-colors outline-none placeholder:text-fg-subtle focus-visible:ring-2 focus-visible:ring-ring ${
                promptMessage ? "border-red-500/70" : "border-line hover:border-line-strong"
              }`}
              {...register("prompt")}
              onKeyDown={(event) => {
                if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                  event.preventDefault();
                  event.currentTarget.form?.requestSubmit();
                }
              }}
            />
            {promptMessage ? (
              <p id={ids.promptError} className="mt-2 text-[13px] text-red-600 dark:text-red-400">
                {promptMessage}
              </p>
            ) : null}
          </div>

          <fieldset aria-describedby={ids.keyframesHint}>
            <legend className="text-sm font-medium text-fg">{t("form.keyframesLabel")}</legend>
            <p id={ids.keyframesHint} className="mt-0.5 mb-3.5 text-[13px] leading-5 text-fg-subtle">
              {t("form.keyframesHint")}
            </p>
            <div className="grid gap-4 xl:grid-cols-2">
              <FrameUrlField
                id={ids.imageUrl}
                label={t("form.startFrameLabel")}
                frameName={t("upload.startFrame")}
                onValueChange={setFrame("imageUrl")}
                previewLabel={t("form.startFramePreview")}
                value={imageUrl}
                registration={register("imageUrl")}
                errorMessage={message("imageUrl")}
              />
              {capabilities.options.endFrame ? (
                <FrameUrlField
                  id={ids.imageEndUrl}
                  label={t("form.endFrameLabel")}
                  frameName={t("upload.endFrame")}
                  onValueChange={setFrame("imageEndUrl")}
                  previewLabel={t("form.endFramePreview")}
                  value={imageEndUrl}
                  registration={register("imageEndUrl")}
                  errorMessage={message("imageEndUrl")}
                />
              ) : null}
            </div>
          </fieldset>
        </div>

        <div className="space-y-7 bg-surface-muted/40 p-5 sm:p-6">
          <AspectRatioPicker
            ratios={capabilities.aspectRatios}
            registration={register("aspectRatio")}
            errorId={ids.aspectError}
            errorMessage={message("aspectRatio")}
          />

          <VideoOptions
            capabilities={capabilities}
            idPrefix={id}
            registrations={{ model: register("model"), resolution: register("resolution"), duration: register("duration"), cameraMove: register("cameraMove") }}
            errors={{ model: message("model"), resolution: message("resolution"), duration: message("duration"), cameraMove: message("cameraMove") }}
          />

          <fieldset className="space-y-4">
            <legend className="mb-3 text-sm font-medium text-fg">{t("form.optionsLabel")}</legend>
            {capabilities.options.expandPrompt ? (
              <Controller
                control={control}
                name="expandPrompt"
                render={({ field }) => (
                  <Switch
                    checked={field.value ?? true}
                    onCheckedChange={field.onChange}
                    onBlur={field.onBlur}
                    label={t("form.enhanceLabel")}
                    description={t("form.enhanceHint")}
                  />
                )}
              />
            ) : null}
            {capabilities.options.loop ? (
              <Controller
                control={control}
                name="loop"
                render={({ field }) => (
                  <Switch
                    checked={field.value ?? false}
                    onCheckedChange={field.onChange}
                    onBlur={field.onBlur}
                    label={t("form.loopLabel")}
                    description={t("form.loopHint")}
                    errorMessage={message("loop")}
                  />
                )}
              />
            ) : null}
            {capabilities.options.hdr ? (
              <Controller
                control={control}
                name="hdr"
                render={({ field }) => (
                  <Switch
                    checked={field.value ?? false}
                    onCheckedChange={field.onChange}
                    onBlur={field.onBlur}
                    label={t("form.hdrLabel")}
                    description={t("form.hdrHint")}
                    errorMessage={message("hdr")}
                  />
                )}
              />
            ) : null}
          </fieldset>
        </div>
      </div>

      <div className="flex flex-col-reverse items-stretch gap-3 border-t border-line bg-surface px-5 py-3.5 sm:flex-row sm:items-center sm:justify-between sm:px-6">
        <p className="text-[13px] text-fg-subtle">{t("form.submitHint")}</p>
        <Button type="submit" variant="primary" size="lg" isLoading={isSubmitting} icon={<SparkIcon className="size-4" />} className="w-full sm:w-auto">
          {t("form.submit")}
        </Button>
      </div>
    </form>
  );
}
