import type { Capabilities, ProviderName } from "./capabilities";
import { OFFICIAL_BASE_URL, OFFICIAL_CAPABILITIES, OFFICIAL_KEY_PREFIX } from "./official-capabilities";
import {
  buildCustomProfile,
  DEFAULT_GATEWAY,
  GATEWAY_PROFILES,
  gatewayCapabilities,
  type CustomProfileSettings,
  type GatewayId,
  type GatewayProfile,
  type GatewayRoute,
} from "./profiles";

/**
 * Which upstream this process talks to, decided once from the environment (lib/env.ts validates it at boot,
 * so a wrong setting stops the server with a sentence instead of failing every request). Pure.
 */
export type UpstreamSettings = {
  apiKey?: string;
  provider?: ProviderName;
  gateway?: GatewayId;
  route?: GatewayRoute;
  baseUrl?: string;
  model?: string;
  custom: CustomProfileSettings;
};

type UpstreamConfig = {
  provider: ProviderName;
  /** The gateway profile; for the official provider, the one the demo simulator's gateway routes would speak. */
  profile: GatewayProfile;
  route: GatewayRoute;
  /** Null only in demo mode, where the simulator's address is used. */
  baseUrl: string | null;
  /** LUMA_MODEL, sent when a request names no model (platform only: Luma's API has one video model). */
  model: string | null;
  capabilities: Capabilities;
};

export function resolveUpstreamConfig(settings: UpstreamSettings): { ok: true; config: UpstreamConfig } | { ok: false; messages: string[] } {
  const messages: string[] = [];
  const isDemo = !settings.apiKey;
  const provider: ProviderName = settings.provider ?? (settings.apiKey?.startsWith(OFFICIAL_KEY_PREFIX) ? "official" : "platform");
  const gateway = settings.gateway ?? DEFAULT_GATEWAY;
  const route = settings.route ?? "standard";

  let profile: GatewayProfile;
  if (gateway === "custom") {
    const built = buildCustomProfile(settings.custom);
    if (!built.ok) messages.push(built.message);
    profile = built.ok ? built.profile : GATEWAY_PROFILES[DEFAULT_GATEWAY];
  } else {
    profile = GATEWAY_PROFILES[gateway];
    const customOnly = Object.entries(settings.custom).filter(([, value]) => value);
    if (customOnly.length > 0)
      messages.push(
        `LUMA_MODEL_FIELD, LUMA_MODELS, LUMA_RESOLUTION*, LUMA_DURATION* and LUMA_CAMERA_FIELD apply only with LUMA_GATEWAY=custom (it is ${gateway})`,
      );
  }
  if (!profile.routes.includes(route)) {
    messages.push(`LUMA_GATEWAY_ROUTE=${route} is not offered by ${profile.label}; use ${profile.routes.join(" or ")}`);
  }
  if (provider === "official" && settings.model && settings.model !== OFFICIAL_CAPABILITIES.defaultModel) {
    messages.push(`LUMA_MODEL=${settings.model} does not apply to Luma's API, which has one video model (${OFFICIAL_CAPABILITIES.defaultModel}); unset it`);
  }

  const baseUrl = settings.baseUrl ?? (provider === "official" ? OFFICIAL_BASE_URL : profile.defaultBaseUrl);
  if (!baseUrl && !isDemo)
    messages.push(
      `${profile.label === "the gateway" ? "LUMA_GATEWAY=custom" : profile.label} has no known address: set LUMA_BASE_URL to the gateway's base URL`,
    );

  if (messages.length > 0) return { ok: false, messages };
  const model = provider === "official" ? null : (settings.model ?? null);
  const capabilities = provider === "official" ? OFFICIAL_CAPABILITIES : gatewayCapabilities(profile, { model, route });
  return { ok: true, config: { provider, profile, route, baseUrl: baseUrl ?? null, model, capabilities } };
}
