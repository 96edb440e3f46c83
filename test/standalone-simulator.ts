import { spawn } from "node:child_process";
import path from "node:path";
import type { SimulatorStats } from "@/simulator/stats";
import { root } from "./built-server";

/**
 * `npm run simulator` as its own process (the way the built app meets a gateway in the e2e runs), configured
 * through its SIMULATOR_* env. Its own process matters when the test process is busy: the upstream's clock
 * and answers do not wait on the test's event loop.
 */
export type StandaloneSimulator = {
  url: string;
  stats(): Promise<SimulatorStats>;
  close(): Promise<void>;
};

const TSX_BIN = path.join(root, "node_modules/.bin/tsx");

export async function startStandaloneSimulator(env: Record<string, string>): Promise<StandaloneSimulator> {
  // SIMULATOR_PORT 0: the system picks a free port and the simulator prints it.
  const child = spawn(TSX_BIN, ["simulator/main.ts"], { cwd: root, env: { ...process.env, SIMULATOR_PORT: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the simulator did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const found = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the simulator exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    async stats() {
      const answer = await fetch(`${url}/__sim/stats`);
      if (!answer.ok) throw new Error(`simulator stats: HTTP ${answer.status}`);
      return (await answer.json()) as SimulatorStats;
    },
    async close() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
