import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";

let h: Harness;
let GET: typeof import("./route").GET;

beforeAll(async () => {
  h = await startHarness({ reconciler: false });
  ({ GET } = await import("./route"));
});

afterAll(async () => {
  await h.close();
});

const STORAGE = Symbol.for("luma-studio.media-storage");
const slot = globalThis as unknown as Record<symbol, unknown>;

async function ready(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await GET();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Waits out the short cache of the media probe, so each case sees a fresh round trip. */
async function freshProbe() {
  (globalThis as { __lumaMediaProbe?: unknown }).__lumaMediaProbe = undefined;
}

describe("GET /api/ready", () => {
  it("is ready when the database answers and the media store takes, returns and deletes a probe object", async () => {
    await freshProbe();
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body).toEqual({ ready: true, failed: [], checks: { database: "ok", media: "ok", upstream: "ok" } });
  });

  it("answers 503 naming the media store when it cannot write, and leaves no probe behind when it can", async () => {
    const real = slot[STORAGE] as import("@/lib/storage").MediaStorage;
    const puts: string[] = [];
    const deletes: string[] = [];
    slot[STORAGE] = {
      ...real,
      putFile: async (key: string) => {
        puts.push(key);
        throw new Error("disk full");
      },
      delete: async (key: string) => {
        deletes.push(key);
      },
    };
    try {
      await freshProbe();
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body).toMatchObject({ ready: false, failed: ["media"], checks: { media: "failed" } });
      expect(deletes).toEqual(puts);
      expect(JSON.stringify(body)).not.toContain("disk full");
    } finally {
      slot[STORAGE] = real;
    }
  });

  it("asks the store once for a burst of probes", async () => {
    const real = slot[STORAGE] as import("@/lib/storage").MediaStorage;
    let puts = 0;
    slot[STORAGE] = {
      ...real,
      putFile: (...args: Parameters<typeof real.putFile>) => {
        puts += 1;
        return real.putFile(...args);
      },
    };
    try {
      await freshProbe();
      await Promise.all([ready(), ready(), ready()]);
      await ready();
      expect(puts).toBe(1);
    } finally {
      slot[STORAGE] = real;
    }
  });

  it("answers 503 naming the database when it is gone", async () => {
    const { getStore } = await import("@/lib/db/store");
    await getStore().close();
    const holder = globalThis as { __lumaStore?: unknown };
    try {
      await freshProbe();
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body).toMatchObject({ ready: false, failed: ["database"], checks: { database: "failed", media: "ok" } });
    } finally {
      holder.__lumaStore = undefined;
    }
    expect((await ready()).status).toBe(200);
  });

  it("reports a failing gateway from its last known state without taking the instance out, and never calls it", async () => {
    const { markUpstreamTrouble, markUpstreamOk } = await import("@/lib/luma/upstream-health");
    const before = (await (await fetch(`${h.sim.url}/__sim/stats`)).json()) as unknown;
    markUpstreamTrouble("unreachable", "connection refused by 10.0.0.5", 0);
    try {
      const { status, body } = await ready();
      expect(status).toBe(200);
      expect(body).toMatchObject({ ready: true, checks: { upstream: "degraded" } });
      expect(JSON.stringify(body)).not.toContain("10.0.0.5");
    } finally {
      markUpstreamOk();
    }
    expect(await (await fetch(`${h.sim.url}/__sim/stats`)).json()).toEqual(before);
  });

  it("answers 503 shutting_down once the process has been asked to stop", async () => {
    const holder = globalThis as { __lumaShuttingDown?: boolean };
    holder.__lumaShuttingDown = true;
    try {
      const { status, body } = await ready();
      expect(status).toBe(503);
      expect(body).toMatchObject({ ready: false, failed: ["shutting_down"] });
    } finally {
      holder.__lumaShuttingDown = false;
    }
  });
});
