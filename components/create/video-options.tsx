"use client";

import type { ReactNode } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { ChevronDownIcon } from "@/components/ui/icons";
import { CAMERA_MOVES } from "@/lib/constants";
import type { Capabilities } from "@/lib/luma/capabilities";
import { useT } from "@/lib/i18n/provider";
import { durationText } from "@/lib/client/option-text";

/**
 * The video options the active upstream takes (lib/luma/capabilities.ts): each control appears only with the
 * values that upstream accepts, and not at all where it has none to offer.
 */

const selectClasses =
  "block h-9 w-full cursor-pointer appearance-none rounded-lg border bg-surface pr-8 pl-3 text-sm text-fg shadow-xs transition-colors outline-none hover:border-line-strong focus-visible:ring-2 focus-visible:ring-ring";

export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className="mt-2 text-[13px] text-red-600 dark:text-red-400">
      {message}
    </p>
  ) : null;
}

function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  return ids.filter(Boolean).join(" ") || undefined;
}

function SelectBox({
  id,
  label,
  hint,
  hintId,
  errorId,
  errorMessage,
  registration,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  hintId?: string;
  errorId: string;
  errorMessage?: string;
  registration: UseFormRegisterReturn;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-2 block text-sm font-medium text-fg">
        {label}
      </label>
      <div className="relative">
        <select
          id={id}
          aria-invalid={errorMessage ? true : undefined}
          aria-describedby={describedBy(errorMessage && errorId, hint && hintId)}
          className={`${selectClasses} ${errorMessage ? "border-red-500/70" : "border-line"}`}
          {...registration}
        >
          {children}
        </select>
        <ChevronDownIcon className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-fg-subtle" />
      </div>
      {hint ? (
        <p id={hintId} className="mt-1.5 text-[13px] leading-5 text-fg-subtle">
          {hint}
        </p>
      ) : null}
      <FieldError id={errorId} message={errorMessage} />
    </div>
  );
}

/** Native radios drawn as a segmented control, so arrow keys move between the values. */
function ChoiceGroup({
  legend,
  values,
  labelOf,
  errorId,
  errorMessage,
  registration,
}: {
  legend: string;
  values: readonly string[];
  labelOf: (value: string) => string;
  errorId: string;
  errorMessage?: string;
  registration: UseFormRegisterReturn;
}) {
  return (
    <fieldset aria-describedby={errorMessage ? errorId : undefined}>
      <legend className="mb-2 text-sm font-medium text-fg">{legend}</legend>
      <div className={`flex gap-1 rounded-lg border bg-surface p-1 ${errorMessage ? "border-red-500/70" : "border-line"}`}>
        {values.map((value) => (
          <label
            key={value}
            className="relative flex h-8 min-w-0 flex-1 cursor-pointer items-center justify-center rounded-md px-2 text-[13px] font-medium text-fg-muted tabular-nums transition-colors hover:text-fg has-checked:bg-accent-soft has-checked:text-fg has-checked:ring-1 has-checked:ring-accent has-focus-visible:ring-2 has-focus-visible:ring-ring"
          >
            <input type="radio" value={value} className="absolute inset-0 size-full cursor-pointer appearance-none rounded-md opacity-0" {...registration} />
            {labelOf(value)}
          </label>
        ))}
      </div>
      <FieldError id={errorId} message={errorMessage} />
    </fieldset>
  );
}

type OptionRegistrations = {
  model: UseFormRegisterReturn<"model">;
  resolution: UseFormRegisterReturn<"resolution">;
  duration: UseFormRegisterReturn<"duration">;
  cameraMove: UseFormRegisterReturn<"cameraMove">;
};

export function VideoOptions({
  capabilities,
  idPrefix,
  registrations,
  errors,
}: {
  capabilities: Capabilities;
  idPrefix: string;
  registrations: OptionRegistrations;
  errors: Partial<Record<keyof OptionRegistrations, string>>;
}) {
  const t = useT();
  const { models, resolutions, durations, defaultModel } = capabilities;
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      {models.length > 0 ? (
        <SelectBox id={id("model")} label={t("form.modelLabel")} errorId={id("model-error")} errorMessage={errors.model} registration={registrations.model}>
          {/* Without a default of its own, the upstream decides when none is chosen. */}
          {defaultModel ? null : <option value="">{t("form.modelDefault")}</option>}
          {models.map((model) => (
            <option key={model.value} value={model.value}>
              {model.label === model.value ? model.value : `${model.label} · ${model.value}`}
            </option>
          ))}
        </SelectBox>
      ) : null}
      {resolutions.length > 0 ? (
        <ChoiceGroup
          legend={t("form.resolutionLabel")}
          values={resolutions}
          labelOf={(value) => value}
          errorId={id("resolution-error")}
          errorMessage={errors.resolution}
          registration={registrations.resolution}
        />
      ) : null}
      {durations.length > 0 ? (
        <ChoiceGroup
          legend={t("form.durationLabel")}
          values={durations}
          labelOf={(value) => durationText(value, t)}
          errorId={id("duration-error")}
          errorMessage={errors.duration}
          registration={registrations.duration}
        />
      ) : null}
      <SelectBox
        id={id("camera")}
        label={t("form.cameraMoveLabel")}
        hint={capabilities.options.cameraMove === "field" ? t("form.cameraMoveInField") : t("form.cameraMoveInPrompt")}
        hintId={id("camera-hint")}
        errorId={id("camera-error")}
        errorMessage={errors.cameraMove}
        registration={registrations.cameraMove}
      >
        <option value="">{t("form.cameraMoveNone")}</option>
        {CAMERA_MOVES.map((move) => (
          <option key={move} value={move}>
            {t(`options.camera.${move}`)}
          </option>
        ))}
      </SelectBox>
    </>
  );
}
