/**
 * A strict reader of the Prometheus text exposition format (0.0.4), written from the format's
 * documentation and independent of the library that writes it: every line must be a `# HELP`, a
 * `# TYPE`, a comment, a blank, or a sample of a family whose TYPE came before it; names, label
 * names and escapes as the format allows; a series only once; a histogram's buckets cumulative,
 * ending with `le="+Inf"` equal to its `_count`. Anything else throws, naming the line.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of one series; undefined when absent. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

/**
 * A sample's value as Prometheus reads it (Go's strconv.ParseFloat: the special values in any
 * case; prom-client writes NaN as `Nan`, as an event loop gauge is before its first sample).
 */
function parseValue(text: string, line: number): number {
  if (/^\+?inf(inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    throw new Error(`line ${line}: bad value ${text}`);
  return Number(text);
}

/** `{a="x",b="y\"z"}` from `from` (at the `{`): the labels and where they end. */
function parseLabels(text: string, from: number, line: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let at = from + 1;
  for (;;) {
    if (text[at] === "}") return [labels, at + 1];
    const eq = text.indexOf("=", at);
    const name = text.slice(at, eq);
    if (eq < 0 || !LABEL_NAME.test(name)) throw new Error(`line ${line}: bad label name`);
    if (name in labels) throw new Error(`line ${line}: label ${name} twice`);
    if (text[eq + 1] !== '"') throw new Error(`line ${line}: label value not quoted`);
    let value = "";
    at = eq + 2;
    for (;;) {
      const c = text[at];
      if (c === undefined) throw new Error(`line ${line}: unterminated label value`);
      if (c === '"') break;
      if (c === "\\") {
        const escaped = text[at + 1];
        if (escaped === "\\") value += "\\";
        else if (escaped === '"') value += '"';
        else if (escaped === "n") value += "\n";
        else throw new Error(`line ${line}: bad escape`);
        at += 2;
      } else {
        value += c;
        at += 1;
      }
    }
    labels[name] = value;
    at += 1;
    if (text[at] === ",") at += 1;
    else if (text[at] !== "}") throw new Error(`line ${line}: expected , or }`);
  }
}

/** The family a sample name belongs to, among the TYPEs declared so far. */
function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name) && !SUFFIXES[types.get(name) ?? ""]?.includes("_bucket")) return name;
  for (const [family, type] of types)
    for (const suffix of SUFFIXES[type] ?? [])
      if (suffix !== "" && name === `${family}${suffix}`) return family;
  return types.get(name) === "summary" ? name : undefined;
}

export function parsePrometheus(text: string): Exposition {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a line feed");
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const seen = new Set<string>();
  text
    .slice(0, -1)
    .split("\n")
    .forEach((raw, index) => {
      const line = index + 1;
      if (raw.trim() === "") return;
      if (raw.startsWith("#")) {
        const match = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(raw);
        if (match === null) return; // a plain comment
        const [, kind, name = "", rest = ""] = match;
        if (!METRIC_NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
        if (kind === "TYPE") {
          if (!TYPES.has(rest)) throw new Error(`line ${line}: bad type ${rest}`);
          if (types.has(name)) throw new Error(`line ${line}: TYPE of ${name} twice`);
          types.set(name, rest);
        } else if (/\\[^\\n]/.test(rest.replace(/\\\\/g, "")))
          throw new Error(`line ${line}: bad escape in HELP`);
        return;
      }
      const nameEnd = raw.search(/[{ ]/);
      if (nameEnd <= 0) throw new Error(`line ${line}: no sample`);
      const name = raw.slice(0, nameEnd);
      if (!METRIC_NAME.test(name)) throw new Error(`line ${line}: bad metric name ${name}`);
      let labels: Record<string, string> = {};
      let at = nameEnd;
      if (raw[at] === "{") [labels, at] = parseLabels(raw, at, line);
      const parts = raw.slice(at).trim().split(/ +/);
      if (raw[at] !== " " || parts.length < 1 || parts.length > 2)
        throw new Error(`line ${line}: bad sample`);
      const value = parseValue(parts[0] ?? "", line);
      if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`line ${line}: bad timestamp`);
      if (familyOf(name, types) === undefined) throw new Error(`line ${line}: ${name} has no TYPE before it`);
      const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
      if (seen.has(key)) throw new Error(`line ${line}: series ${name} twice`);
      seen.add(key);
      samples.push({ name, labels, value });
    });
  checkHistograms(types, samples);
  return {
    types,
    samples,
    value(name, labels = {}) {
      const wanted = Object.entries(labels);
      return samples.find(
        (sample) =>
          sample.name === name &&
          Object.keys(sample.labels).length === wanted.length &&
          wanted.every(([label, value]) => sample.labels[label] === value),
      )?.value;
    },
  };
}

/** Each histogram series: buckets non-decreasing in `le`, the last `+Inf`, equal to `_count`. */
function checkHistograms(types: Map<string, string>, samples: Sample[]): void {
  for (const [family, type] of types) {
    if (type !== "histogram") continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples.filter((s) => s.name === `${family}_bucket`)) {
      const { le, ...rest } = sample.labels;
      if (le === undefined) throw new Error(`${family}: a bucket without le`);
      const key = JSON.stringify(Object.entries(rest).sort());
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      const bounds = buckets.map((b) => parseValue(b.labels.le ?? "", 0));
      for (let i = 1; i < buckets.length; i++)
        if (
          (bounds[i] ?? 0) <= (bounds[i - 1] ?? 0) ||
          (buckets[i]?.value ?? 0) < (buckets[i - 1]?.value ?? 0)
        )
          throw new Error(`${family}: buckets not cumulative`);
      if (bounds.at(-1) !== Number.POSITIVE_INFINITY) throw new Error(`${family}: no +Inf bucket`);
      const count = samples.find(
        (s) => s.name === `${family}_count` && JSON.stringify(Object.entries(s.labels).sort()) === key,
      );
      if (count?.value !== buckets.at(-1)?.value) throw new Error(`${family}: +Inf bucket is not _count`);
    }
  }
}
