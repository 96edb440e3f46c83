export async function register() {
  // Compiled for the edge runtime too: keep Node-only work behind this check and a dynamic import.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Invalid configuration, an unsafe exposure (no password beyond loopback) or a database that cannot open
    // would otherwise print "Ready" and then fail (or serve) every request: stop here, with the reason, and a
    // non-zero exit code.
    const refuse = (error: unknown) => {
      console.error(`Luma Studio cannot start.\n${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    };
    try {
      const { startBackgroundWork } = await import("./lib/jobs/start");
      await startBackgroundWork({ onLateProblem: refuse });
      // scripts/start.mjs holds Next's "Ready" until this says the studio really started.
      process.send?.({ type: "luma-studio:started" });
    } catch (error) {
      refuse(error);
    }
  }
}
