export declare const STATIC_FILE_HEADERS: Readonly<Record<string, string>>;
export declare const BASELINE_HEADERS: Readonly<Record<string, string>>;
export declare const JSON_BODY_MAX_BYTES: number;
