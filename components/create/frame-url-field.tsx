"use client";

import { useEffect, useEffectEvent, useRef, useState, type DragEvent } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { CloseIcon, ImageIcon, ImageOffIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { LOCALE_TAGS } from "@/lib/i18n/locale";
import { useFormatters, useLocale, useT } from "@/lib/i18n/provider";
import { isAcceptableImageUrl, OWN_FRAME_PATH } from "@/lib/validations/frame-rules";
import { errorLine, errorText } from "@/lib/client/error-text";
import { ApiError } from "@/lib/client/generations-api";
import { checkFrameFile, FRAME_IMAGE_TYPES, firstFile, uploadFrameImage } from "@/lib/client/frame-upload";
import { IMAGE_MAX_BYTES } from "@/lib/validations/frame-rules";

type PreviewState = "empty" | "loading" | "loaded" | "failed";
type UploadState = { status: "idle" } | { status: "uploading"; percent: number; localUrl: string } | { status: "error"; message: string };

type FrameUrlFieldProps = {
  id: string;
  label: string;
  /** Lower-case name used inside sentences: "start frame". */
  frameName: string;
  previewLabel: string;
  value: string;
  registration: UseFormRegisterReturn;
  /** Sets the field from outside the input: an upload's path, or "" to remove. */
  onValueChange: (value: string) => void;
  errorMessage?: string;
};

const DEBOUNCE_MS = 400;

/**
 * A keyframe: an image from the user's device (drop, paste or pick; uploaded to our storage) or a URL typed in.
 * A URL the browser can't load is flagged before Luma is asked to.
 */
export function FrameUrlField({ id, label, frameName, previewLabel, value, registration, onValueChange, errorMessage }: FrameUrlFieldProps) {
  const t = useT();
  const format = useFormatters();
  const locale = useLocale();
  const [previewUrl, setPreviewUrl] = useState("");
  const [preview, setPreview] = useState<PreviewState>("empty");
  const [upload, setUpload] = useState<UploadState>({ status: "idle" });
  const [announcement, setAnnouncement] = useState("");
  const [isDragging, setIsDragging] = useState(false);
  const zoneRef = useRef<HTMLDivElement>(null);
  const fileInputRef = useRef<HTMLInputElement>(null);
  const controller = useRef<AbortController | null>(null);
  const errorId = `${id}-error`;
  const statusId = `${id}-status`;
  const hintId = `${id}-hint`;
  const isUploading = upload.status === "uploading";

  useEffect(() => {
    const trimmed = value.trim();
    const next = trimmed && isAcceptableImageUrl(trimmed) ? trimmed : "";
    // Our own paths need no typing pause: they arrive whole, from an upload or a remix.
    const delay = next && !OWN_FRAME_PATH.test(next) ? DEBOUNCE_MS : 0;
    const timer = setTimeout(() => {
      setPreviewUrl(next);
      setPreview(next ? "loading" : "empty");
    }, delay);
    return () => clearTimeout(timer);
  }, [value]);

  useEffect(() => () => controller.current?.abort(), []);

  const megabytes = (bytes: number) =>
    new Intl.NumberFormat(LOCALE_TAGS[locale], { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(bytes / 1024 / 1024);

  const handleFile = async (file: File) => {
    const problem = checkFrameFile(file);
    if (problem) {
      setUpload({
        status: "error",
        message:
          problem.kind === "wrongType"
            ? t("upload.wrongType", { name: file.name || file.type })
            : t("upload.tooLarge", { name: file.name, size: megabytes(file.size), max: megabytes(IMAGE_MAX_BYTES) }),
      });
      return;
    }
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    const localUrl = URL.createObjectURL(file);
    setAnnouncement("");
    setUpload({ status: "uploading", percent: 0, localUrl });
    try {
      const uploaded = await uploadFrameImage(
        file,
        (fraction) => setUpload({ status: "uploading", percent: Math.round(fraction * 100), localUrl }),
        current.signal,
      );
      onValueChange(uploaded.url);
      setUpload({ status: "idle" });
      setAnnouncement(t("upload.uploaded"));
    } catch (error) {
      if (current.signal.aborted) return;
      const message = error instanceof ApiError ? t("upload.failed", { reason: errorLine(errorText(error, t, format), t) }) : t("upload.networkFailed");
      setUpload({ status: "error", message });
    } finally {
      URL.revokeObjectURL(localUrl);
      if (controller.current === current) controller.current = null;
    }
  };

  // Clipboard events target the selection, not a focused button, so the document listens and checks focus.
  const onPaste = useEffectEvent((event: ClipboardEvent) => {
    const zone = zoneRef.current;
    if (!zone || !(document.activeElement && zone.contains(document.activeElement))) return;
    const file = firstFile(event.clipboardData);
    if (!file) return;
    event.preventDefault();
    void handleFile(file);
  });
  useEffect(() => {
    const listener = (event: ClipboardEvent) => onPaste(event);
    document.addEventListener("paste", listener);
    return () => document.removeEventListener("paste", listener);
  }, []);

  const remove = () => {
    controller.current?.abort();
    controller.current = null;
    setUpload({ status: "idle" });
    onValueChange("");
    setAnnouncement(t("upload.removed"));
    zoneRef.current?.querySelector<HTMLButtonElement>("button[data-choose]")?.focus();
  };

  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes("Files");

  const statusText =
    upload.status === "uploading"
      ? t("upload.uploading", { percent: upload.percent })
      : preview === "failed"
        ? t("form.frameLoadFailed")
        : preview === "loading"
          ? t("form.frameLoading")
          : announcement;
  const isStatusVisible = upload.status === "uploading" || (preview === "failed" && !errorMessage);

  return (
    <div
      ref={zoneRef}
      role="group"
      aria-label={t("upload.dropZoneLabel", { frame: frameName })}
      aria-busy={isUploading || undefined}
      data-dragging={isDragging || undefined}
      onDragEnter={(event) => {
        if (hasFiles(event)) setIsDragging(true);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        setIsDragging(true);
      }}
      onDragLeave={(event) => {
        if (!zoneRef.current?.contains(event.relatedTarget as Node | null)) setIsDragging(false);
      }}
      onDrop={(event) => {
        const file = firstFile(event.dataTransfer);
        setIsDragging(false);
        if (!file) return;
        event.preventDefault();
        void handleFile(file);
      }}
      className={`relative min-w-0 rounded-xl border border-dashed p-3 transition-colors ${
        isDragging ? "border-accent bg-accent-soft" : "border-line-strong/70 bg-surface"
      }`}
    >
      <div className="flex min-w-0 gap-3">
        <div
          className="relative flex size-[4.5rem] shrink-0 items-center justify-center overflow-hidden rounded-lg border border-line bg-surface-muted text-fg-subtle"
          role="img"
          aria-label={previewLabel}
        >
          {upload.status === "uploading" ? (
            // eslint-disable-next-line @next/next/no-img-element -- a local blob: preview while the upload runs
            <img src={upload.localUrl} alt="" className="size-full object-cover opacity-60" />
          ) : previewUrl ? (
            // eslint-disable-next-line @next/next/no-img-element -- an arbitrary remote URL chosen by the user
            <img
              key={previewUrl}
              src={previewUrl}
              alt=""
              referrerPolicy="no-referrer"
              onLoad={() => setPreview("loaded")}
              onError={() => setPreview("failed")}
              className={`size-full object-cover ${preview === "loaded" ? "" : "invisible"}`}
            />
          ) : null}
          {upload.status === "uploading" ? (
            <Spinner className="absolute size-5 text-fg" />
          ) : (
            <>
              {preview === "empty" ? <ImageIcon className="absolute size-5" /> : null}
              {preview === "loading" ? <Spinner className="absolute size-4" /> : null}
              {preview === "failed" ? <ImageOffIcon className="absolute size-5 text-amber-600 dark:text-amber-400" /> : null}
            </>
          )}
        </div>
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-fg">
            {label}
          </label>
          <input
            id={id}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder={t("form.framePlaceholder")}
            aria-invalid={errorMessage || upload.status === "error" ? true : undefined}
            aria-describedby={[errorMessage || upload.status === "error" ? errorId : null, statusId, hintId].filter(Boolean).join(" ")}
            className={`block h-9 w-full min-w-0 rounded-lg border bg-surface px-3 text-sm text-fg shadow-xs transition-colors outline-none placeholder:text-fg-subtle focus-visible:ring-2 focus-visible:ring-ring ${
              errorMessage || upload.status === "error" ? "border-red-500/70" : "border-line hover:border-line-strong"
            }`}
            {...registration}
            onChange={(event) => {
              if (upload.status === "error") setUpload({ status: "idle" });
              return registration.onChange(event);
            }}
          />
          {upload.status === "uploading" ? (
            <div
              role="progressbar"
              aria-label={t("upload.uploading", { percent: upload.percent })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={upload.percent}
              className="mt-2 h-1 overflow-hidden rounded-full bg-surface-sunken"
            >
              <div className="h-full rounded-full bg-accent transition-[width]" style={{ width: `${upload.percent}%` }} />
            </div>
          ) : null}
        </div>
      </div>

      {errorMessage || upload.status === "error" ? (
        <p id={errorId} role={upload.status === "error" ? "alert" : undefined} className="mt-2 text-[13px] text-red-600 dark:text-red-400">
          {upload.status === "error" ? upload.message : errorMessage}
        </p>
      ) : null}
      <p
        id={statusId}
        aria-live="polite"
        className={`text-[13px] ${isStatusVisible ? "mt-2 text-fg-muted" : "sr-only"} ${preview === "failed" ? "text-amber-700 dark:text-amber-400" : ""}`}
      >
        {statusText}
      </p>

      <div className="mt-2.5 flex flex-wrap items-center gap-x-2 gap-y-2">
        <Button
          data-choose=""
          size="sm"
          icon={<ImageIcon className="size-4" />}
          aria-label={t("upload.chooseLabel", { frame: frameName })}
          onClick={() => fileInputRef.current?.click()}
        >
          {t("upload.choose")}
        </Button>
        {value || isUploading ? (
          <Button size="sm" variant="ghost" icon={<CloseIcon className="size-4" />} aria-label={t("upload.removeLabel", { frame: frameName })} onClick={remove}>
            {t("upload.remove")}
          </Button>
        ) : null}
        <p id={hintId} className="min-w-0 flex-1 basis-40 text-xs leading-4 text-fg-subtle">
          {isDragging ? t("upload.dropHere") : t("upload.hint", { max: megabytes(IMAGE_MAX_BYTES) })}
        </p>
      </div>
      <input
        ref={fileInputRef}
        type="file"
        accept={FRAME_IMAGE_TYPES.join(",")}
        aria-label={t("upload.fileInputLabel", { frame: frameName })}
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = "";
          if (file) void handleFile(file);
        }}
      />
    </div>
  );
}
