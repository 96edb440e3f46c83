"use client";

import { useId } from "react";
import { focusRing } from "./button";

type SwitchProps = {
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
  label: string;
  description?: string;
  disabled?: boolean;
  name?: string;
  onBlur?: () => void;
  /** Why the current setting cannot be used, shown under the switch. */
  errorMessage?: string;
};

/** A labelled on/off switch: `role="switch"` named by its visible label, described by its hint. */
export function Switch({ checked, onCheckedChange, label, description, disabled, name, onBlur, errorMessage }: SwitchProps) {
  const id = useId();
  const labelId = `${id}-label`;
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const describedBy = [errorMessage ? errorId : null, description ? descriptionId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <div className="flex items-start justify-between gap-4">
        <div className="min-w-0">
          <label id={labelId} htmlFor={id} className="block text-sm font-medium text-fg">
            {label}
          </label>
          {description ? (
            <p id={descriptionId} className="mt-0.5 text-[13px] leading-5 text-fg-subtle">
              {description}
            </p>
          ) : null}
        </div>
        <button
          id={id}
          type="button"
          role="switch"
          name={name}
          aria-checked={checked}
          aria-labelledby={labelId}
          aria-describedby={describedBy}
          aria-invalid={errorMessage ? true : undefined}
          disabled={disabled}
          onClick={() => onCheckedChange(!checked)}
          onBlur={onBlur}
          className={`group relative mt-0.5 inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border border-transparent transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${
            checked ? "bg-accent" : "bg-line-strong"
          } ${focusRing}`}
        >
          <span
            aria-hidden="true"
            className={`pointer-events-none inline-block size-4 rounded-full bg-white shadow-sm ring-1 ring-black/5 transition-transform ${
              checked ? "translate-x-4" : "translate-x-0.5"
            }`}
          />
        </button>
      </div>
      {errorMessage ? (
        <p id={errorId} className="mt-1.5 text-[13px] text-red-600 dark:text-red-400">
          {errorMessage}
        </p>
      ) : null}
    </div>
  );
}
