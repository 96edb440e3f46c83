import "server-only";
import { randomBytes } from "node:crypto";
import { SIMULATOR_PROFILES, startSimulator, type RunningSimulator, type SimulatorProfile } from "@/simulator/server";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

type DemoUpstream = { baseUrl: string; apiKey: string; simulator: RunningSimulator };

// Instrumentation and route handlers are separate module instances; demo mode must start ONE simulator.
const holder = globalThis as typeof globalThis & { __lumaDemo?: Promise<DemoUpstream> };

/**
 * Demo mode runs the simulator inside the app process and talks to it over real HTTP, so the
 * whole upstream path (client, parsing, errors, callbacks, archive) is exercised without a key.
 */
export function ensureDemoUpstream(): Promise<DemoUpstream> {
  if (holder.__lumaDemo) return holder.__lumaDemo;
  const starting = (async () => {
    const apiKey = `demo-${randomBytes(12).toString("hex")}`;
    const simulator = await startSimulator({
      port: env.DEMO_SIMULATOR_PORT,
      apiKey,
      pendingSeconds: 3,
      processingSeconds: 7,
      profile: simulatorProfile(),
    });
    log.info("demo mode: simulated Luma started", { url: simulator.url });
    return { baseUrl: simulator.url, apiKey, simulator };
  })();
  holder.__lumaDemo = starting;
  // A start that failed (port taken) is forgotten, so the next request tries again instead of failing for ever.
  starting.catch((error: unknown) => {
    log.error("demo mode: the simulated Luma could not start", { error });
    if (holder.__lumaDemo === starting) holder.__lumaDemo = undefined;
  });
  return starting;
}

/** The simulator speaks the configured gateway's dialect (LUMA_GATEWAY); a `custom` gateway gets the seed's. */
function simulatorProfile(): SimulatorProfile {
  const id = env.upstream.profile.id;
  return (SIMULATOR_PROFILES as readonly string[]).includes(id) ? (id as SimulatorProfile) : "openai-hub";
}
