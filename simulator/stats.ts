/** What the simulator has been asked, so tests can assert on traffic (e.g. "the create was never re-sent"). */

/** `creates`/`extends` count accepted jobs; the other counters count requests that reached their route. */
export type SimulatorStats = {
  requests: number;
  creates: number;
  gets: number;
  extends: number;
  downloadUrls: number;
  callbacksSent: number;
  /** Clean-copy downloads cut mid-stream by `cleanDownloadCutRate` or `[sim:cutclean=N]`. */
  cleanDownloadsCut: number;
  byRoute: Record<string, number>;
};

export function emptyStats(): SimulatorStats {
  return { requests: 0, creates: 0, gets: 0, extends: 0, downloadUrls: 0, callbacksSent: 0, cleanDownloadsCut: 0, byRoute: {} };
}
