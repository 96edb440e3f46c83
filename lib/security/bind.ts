/** Which address `next start` was told to listen on, read from its command line (`-H`/`--hostname`). */
export function listenAddressFromArgv(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "-H" || arg === "--hostname") return argv[i + 1] ?? null;
    const inline = /^(?:-H|--hostname)=(.+)$/.exec(arg);
    if (inline) return inline[1] ?? null;
  }
  return null;
}

export function isLoopbackAddress(address: string | null): boolean {
  if (!address) return false;
  const value = address.toLowerCase().replace(/^\[|\]$/g, "");
  return value === "localhost" || value === "::1" || /^127(\.\d{1,3}){3}$/.test(value);
}

/**
 * Without a password the studio may only listen on loopback. `next start` without `-H` listens on every
 * interface, so a missing address counts as open. Null when serving is fine.
 */
export function openAccessProblem(options: { argv: readonly string[]; hasPassword: boolean; allowOpenAccess: boolean }): string | null {
  if (options.hasPassword || options.allowOpenAccess) return null;
  if (!options.argv.includes("start")) return null;
  const address = listenAddressFromArgv(options.argv);
  if (isLoopbackAddress(address)) return null;
  return `The studio listens on ${address ?? "every interface"} without APP_PASSWORD. Set APP_PASSWORD, listen on 127.0.0.1 (npm start does), or set ALLOW_OPEN_ACCESS=true to serve anyone who can reach it.`;
}
