import type { IncomingMessage, ServerResponse } from "node:http";

export type BrotliCopy = { file: string; size: number; type: string };
export declare const BROTLI_TYPES: Readonly<Record<string, string>>;
export declare function acceptsBrotli(header: string | undefined): boolean;
export declare function findBrotliCopies(staticDir: string): Map<string, BrotliCopy>;
export declare function answerWithBrotli(copies: Map<string, BrotliCopy>, req: IncomingMessage, res: ServerResponse): boolean;
export declare function installBrotliStatic(): void;
