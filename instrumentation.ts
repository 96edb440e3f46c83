export async function register() {
  // Compiled for the edge runtime too: keep Node-only work behind this check and a dynamic import.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startBackgroundWork } = await import("./lib/jobs/start");
    await startBackgroundWork();
  }
}
