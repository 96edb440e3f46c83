import { apiErrorFrom, NetworkError } from "@/lib/client/generations-api";
import { IMAGE_MAX_BYTES } from "@/lib/validations/frame-rules";

/** What `POST /api/uploads` stores; the server checks the bytes again, this only spares a pointless upload. */
export const FRAME_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;

type FrameFileProblem = { kind: "wrongType" } | { kind: "tooLarge" };

export function checkFrameFile(file: Pick<File, "type" | "size">): FrameFileProblem | null {
  if (!(FRAME_IMAGE_TYPES as readonly string[]).includes(file.type)) return { kind: "wrongType" };
  if (file.size > IMAGE_MAX_BYTES) return { kind: "tooLarge" };
  return null;
}

/** The first file of a drop or paste, or null when it carries none (plain text is left to the input). */
export function firstFile(data: DataTransfer | null): File | null {
  if (!data) return null;
  if (data.files.length > 0) return data.files[0] ?? null;
  for (const item of Array.from(data.items)) {
    if (item.kind === "file") return item.getAsFile();
  }
  return null;
}

type UploadedFrame = { url: string; contentType: string; size: number };

/** XHR rather than fetch: only XHR reports upload progress. Fails like the JSON API's calls (ApiError, NetworkError). */
export function uploadFrameImage(file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<UploadedFrame> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("Content-Type", file.type);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { url?: unknown; contentType?: unknown; size?: unknown } | null;
      if (xhr.status === 201 && body && typeof body.url === "string") {
        resolve({ url: body.url, contentType: String(body.contentType ?? file.type), size: Number(body.size ?? file.size) });
      } else {
        reject(apiErrorFrom({ status: xhr.status, statusText: xhr.statusText, body, retryAfter: xhr.getResponseHeader("retry-after") }));
      }
    };
    xhr.onerror = () => reject(new NetworkError(new Error("upload failed")));
    xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
