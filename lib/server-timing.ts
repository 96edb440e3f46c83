/**
 * A `Server-Timing` header for the create route: where one create's time went, step by step (our checks, the
 * input, the admission and write-ahead row, the upstream call, recording its answer) and the handler's total.
 * A person sees it in the browser's network panel; `npm run bench -- create` reads it to split what a create
 * adds into our code and what happens outside the handler (Next.js routing and the answer's piping).
 * Durations only: nothing about the request or the key.
 */
export class ServerTiming {
  private readonly started = performance.now();
  private last = this.started;
  private readonly steps: Array<[name: string, ms: number]> = [];

  /** Ends the step called `name`: the time since the previous step ended (or since the handler began). */
  step(name: string): void {
    const now = performance.now();
    this.steps.push([name, now - this.last]);
    this.last = now;
  }

  header(): string {
    const entries: Array<[string, number]> = [...this.steps, ["handler", performance.now() - this.started]];
    return entries.map(([name, ms]) => `${name};dur=${ms.toFixed(2)}`).join(", ");
  }
}
