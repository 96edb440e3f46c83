/**
 * How each gateway speaks the platform format (luma-api.md §5.1), written from the gateways' own documentation
 * and kept apart from the app's profiles (lib/luma/profiles.ts) on purpose: a wrong field name in the app must
 * not be mirrored here, or the per-profile wire tests would pass on a mistake. Like real gateways, a dialect
 * reads the fields it knows and silently ignores the rest.
 */

export const SIMULATOR_PROFILES = ["openai-hub", "openai-hk", "yutoai", "fast-token", "crazyrouter", "v98store"] as const;
export type SimulatorProfile = (typeof SIMULATOR_PROFILES)[number];

export type Dialect = {
  modelField: "model" | "model_name";
  /** Model names it has a channel for; `null`: anything starting with "ray" (the seed's openai-hub, which lists none). */
  models: readonly string[] | null;
  /** Values taken for `resolution` and `duration`, exactly as spelled; null: the field is not read. */
  resolutions: readonly string[] | null;
  durations: readonly string[] | null;
  /** The documentation's example value, used in refusals so they read like the gateway's. */
  durationExample: string | null;
  readsLoop: boolean;
  /** `notify_hook` is read and called. */
  callbacks: boolean;
  /** Luma's Ray 2 API refuses a loop with keyframes; gateways forwarding to it do too. */
  refusesLoopWithEndFrame: boolean;
  routes: { pro: boolean; v2: boolean; tasks: "bare" | "wrapped" | null };
  /** fast-token wraps every answer in new-api's task envelope. */
  envelope: "none" | "task";
  /** crazyrouter answers with the official state names. */
  stateWords: "platform" | "renamed";
};

const RAY_2_ERA = { refusesLoopWithEndFrame: true, readsLoop: true, envelope: "none", stateWords: "platform" } as const;

export const DIALECTS: Record<SimulatorProfile, Dialect> = {
  "openai-hub": {
    modelField: "model",
    models: null,
    resolutions: null,
    durations: null,
    durationExample: null,
    readsLoop: true,
    callbacks: true,
    refusesLoopWithEndFrame: false,
    routes: { pro: false, v2: false, tasks: null },
    envelope: "none",
    stateWords: "platform",
  },
  "openai-hk": {
    ...RAY_2_ERA,
    modelField: "model_name",
    models: ["ray-v1", "ray-v2"],
    resolutions: ["720p"],
    durations: ["5s"],
    durationExample: "5s",
    callbacks: false,
    routes: { pro: true, v2: true, tasks: null },
  },
  yutoai: {
    ...RAY_2_ERA,
    modelField: "model_name",
    models: ["ray-v1", "ray-v2", "ray-v3"],
    resolutions: ["540p", "720p", "1080p"],
    durations: ["5s", "9s"],
    durationExample: "5s",
    callbacks: true,
    routes: { pro: false, v2: false, tasks: null },
  },
  "fast-token": {
    ...RAY_2_ERA,
    modelField: "model_name",
    models: ["ray-v1", "ray-v2"],
    resolutions: ["720p", "1080p"],
    durations: ["5s"],
    durationExample: "5s",
    callbacks: true,
    routes: { pro: false, v2: false, tasks: "wrapped" },
    envelope: "task",
  },
  crazyrouter: {
    ...RAY_2_ERA,
    modelField: "model_name",
    models: ["ray-v1", "ray-v2"],
    resolutions: ["540p", "720p", "1080p"],
    durations: ["5", "9"],
    durationExample: "5",
    readsLoop: false,
    callbacks: false,
    routes: { pro: false, v2: false, tasks: null },
    stateWords: "renamed",
  },
  v98store: {
    ...RAY_2_ERA,
    modelField: "model_name",
    models: ["ray-v2"],
    resolutions: ["720p"],
    durations: ["5s"],
    durationExample: "5s",
    callbacks: false,
    routes: { pro: false, v2: false, tasks: "bare" },
  },
};

export function isSimulatorProfile(value: unknown): value is SimulatorProfile {
  return (SIMULATOR_PROFILES as readonly unknown[]).includes(value);
}

type JobWord = "pending" | "processing" | "completed" | "failed";
const RENAMED: Record<JobWord, string> = { pending: "queued", processing: "dreaming", completed: "completed", failed: "failed" };
/** new-api's task statuses, as fast-token's envelope carries them. */
const TASK_STATUS: Record<JobWord, string> = { pending: "SUBMITTED", processing: "IN_PROGRESS", completed: "SUCCESS", failed: "FAILURE" };

export function stateWord(dialect: Dialect, state: JobWord): string {
  return dialect.stateWords === "renamed" ? RENAMED[state] : state;
}

export function taskStatus(state: JobWord): string {
  return TASK_STATUS[state];
}
