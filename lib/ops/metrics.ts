import "server-only";

/**
 * Process-wide counters and histograms for `/api/metrics`. They live on `globalThis`: under `next start` the
 * reconciler (instrumentation) and every route load their own module instance, and a scrape must see what
 * all of them counted. Gauges (generations by state, lag, open streams) are read at scrape time instead.
 */

type Labels = Record<string, string>;
type Histogram = { buckets: number[]; sum: number; count: number };
type Registry = {
  counters: Map<string, Map<string, { labels: Labels; value: number }>>;
  histograms: Map<string, Map<string, { labels: Labels; value: Histogram }>>;
};

/** Seconds: status calls take tens of milliseconds, creates up to a minute. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

const holder = globalThis as typeof globalThis & { __lumaMetrics?: Registry };

function registry(): Registry {
  holder.__lumaMetrics ??= { counters: new Map(), histograms: new Map() };
  return holder.__lumaMetrics;
}

const seriesKey = (labels: Labels) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

function incrementCounter(name: string, labels: Labels = {}, by = 1): void {
  const series = registry().counters.get(name) ?? new Map<string, { labels: Labels; value: number }>();
  registry().counters.set(name, series);
  const key = seriesKey(labels);
  const current = series.get(key) ?? { labels, value: 0 };
  current.value += by;
  series.set(key, current);
}

function observeHistogram(name: string, labels: Labels, value: number): void {
  const series = registry().histograms.get(name) ?? new Map<string, { labels: Labels; value: Histogram }>();
  registry().histograms.set(name, series);
  const key = seriesKey(labels);
  const current = series.get(key) ?? { labels, value: { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 } };
  LATENCY_BUCKETS.forEach((bound, index) => {
    if (value <= bound) current.value.buckets[index] = (current.value.buckets[index] ?? 0) + 1;
  });
  current.value.sum += value;
  current.value.count += 1;
  series.set(key, current);
}

/** Names of what the studio counts, each with the help line a scrape shows. */
const METRICS = {
  upstreamRequests: { name: "luma_upstream_requests_total", help: "Calls to the upstream, by route and outcome." },
  upstreamDuration: { name: "luma_upstream_request_duration_seconds", help: "Latency of upstream calls, by route and outcome." },
  archiveFailures: { name: "luma_archive_failures_total", help: 'Archive attempts that left media uncopied; final="true" when the studio gave up.' },
  limitRefusals: { name: "luma_limit_refusals_total", help: "Requests refused by a limit, by the limit's name." },
} as const;

/** The upstream call just finished: `outcome` is `ok` or the failure's kind. */
export function recordUpstreamCall(route: string, outcome: string, seconds: number): void {
  incrementCounter(METRICS.upstreamRequests.name, { route, outcome });
  observeHistogram(METRICS.upstreamDuration.name, { route, outcome }, seconds);
}

export function recordArchiveFailure(isFinal: boolean): void {
  incrementCounter(METRICS.archiveFailures.name, { final: String(isFinal) });
}

export function recordLimitRefusal(limit: string): void {
  incrementCounter(METRICS.limitRefusals.name, { limit });
}

// ---- text exposition (Prometheus 0.0.4) ----

const escapeLabel = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const formatLabels = (labels: Labels) => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? "" : `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(",")}}`;
};
const formatNumber = (value: number) => (Number.isFinite(value) ? String(value) : value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN");

export type Gauge = { name: string; help: string; series: Array<{ labels?: Labels; value: number }> };

/** Counters, histograms and the gauges read for this scrape, as Prometheus text. Every named metric appears, zero or not. */
export function renderMetrics(gauges: Gauge[]): string {
  const lines: string[] = [];
  for (const gauge of gauges) {
    lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
    for (const { labels = {}, value } of gauge.series) lines.push(`${gauge.name}${formatLabels(labels)} ${formatNumber(value)}`);
  }
  const { counters, histograms } = registry();
  for (const metric of [METRICS.upstreamRequests, METRICS.archiveFailures, METRICS.limitRefusals]) {
    lines.push(`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} counter`);
    for (const { labels, value } of counters.get(metric.name)?.values() ?? []) lines.push(`${metric.name}${formatLabels(labels)} ${formatNumber(value)}`);
  }
  const duration = METRICS.upstreamDuration;
  lines.push(`# HELP ${duration.name} ${duration.help}`, `# TYPE ${duration.name} histogram`);
  for (const { labels, value } of histograms.get(duration.name)?.values() ?? []) {
    LATENCY_BUCKETS.forEach((bound, index) =>
      lines.push(`${duration.name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${value.buckets[index] ?? 0}`),
    );
    lines.push(`${duration.name}_bucket${formatLabels({ ...labels, le: "+Inf" })} ${value.count}`);
    lines.push(`${duration.name}_sum${formatLabels(labels)} ${formatNumber(value.sum)}`, `${duration.name}_count${formatLabels(labels)} ${value.count}`);
  }
  return `${lines.join("\n")}\n`;
}
