/** `npm run simulator`: the fake gateway as a standalone process, configured from SIMULATOR_* env. */
import { isSimulatorProfile, SIMULATOR_PROFILES } from "./dialects";
import { parseScenarioPatch } from "./scenario";
import { startSimulator } from "./server";

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

function scenarioFromEnv() {
  const raw = process.env.SIMULATOR_SCENARIO;
  if (raw === undefined || raw.trim() === "") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error("SIMULATOR_SCENARIO must be JSON");
  }
  const parsed = parseScenarioPatch(json);
  if (!parsed.ok) throw new Error(`SIMULATOR_SCENARIO: ${parsed.message}`);
  return parsed.patch;
}

function profileFromEnv() {
  const raw = process.env.SIMULATOR_PROFILE;
  if (raw === undefined || raw.trim() === "") return undefined;
  if (!isSimulatorProfile(raw)) throw new Error(`SIMULATOR_PROFILE must be one of ${SIMULATOR_PROFILES.join(", ")}, got "${raw}"`);
  return raw;
}

async function main(): Promise<void> {
  const simulator = await startSimulator({
    port: numberFromEnv("SIMULATOR_PORT") ?? 4010,
    host: process.env.SIMULATOR_HOST || "127.0.0.1",
    apiKey: process.env.SIMULATOR_API_KEY || undefined,
    pendingSeconds: numberFromEnv("SIMULATOR_PENDING_SECONDS"),
    processingSeconds: numberFromEnv("SIMULATOR_PROCESSING_SECONDS"),
    downloadUrlTtlSeconds: numberFromEnv("SIMULATOR_DOWNLOAD_URL_TTL_SECONDS"),
    scenario: scenarioFromEnv(),
    profile: profileFromEnv(),
    log: (line) => console.log(`[simulator] ${line}`),
  });
  const keySource = process.env.SIMULATOR_API_KEY ? "from SIMULATOR_API_KEY" : "the built-in default";
  const profile = profileFromEnv() ?? "openai-hub";
  console.log(`Luma simulator listening on ${simulator.url} (gateway dialect: ${profile}, Luma's API under /v1; bearer key: ${keySource})`);

  let isStopping = false;
  const stop = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    console.log(`[simulator] ${signal}: shutting down`);
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`[simulator] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
