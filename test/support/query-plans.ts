import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseKind } from "../../src/infra/db.ts";
import { sqliteFile } from "../../src/infra/db.ts";

/** A statement the service ran, with the values it ran it with (as its driver got them). */
export interface CapturedStatement {
  sql: string;
  values: unknown[];
}

/** What a query plan says of one statement: the large tables it reads in full. */
export interface PlanFinding {
  sql: string;
  fullScans: string[];
  plan: string;
}

/**
 * Records every statement run through the drivers in this process (both better-sqlite3 and pg,
 * under whatever client), between `start` and `stop`: the SQL the service really sends, whatever
 * shape the client gives a query. The drivers' prototypes are wrapped once; `uninstall` puts
 * them back.
 */
export function captureStatements() {
  let recording = false;
  const seen = new Map<string, CapturedStatement>();
  const runs = new Map<string, number>();
  const record = (sql: string, values: unknown[]) => {
    if (!recording) return;
    runs.set(sql, (runs.get(sql) ?? 0) + 1);
    if (!seen.has(sql)) seen.set(sql, { sql, values });
  };

  // better-sqlite3: statements run with their values (`run`, `all`, …: the statement cache of
  // src/infra/statement-cache.ts gives them as it runs a statement it keeps prepared). Every
  // statement shares one prototype, wrapped now: statements prepared before are seen too.
  const probe = new Database(":memory:");
  const statementProto = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  probe.close();
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  for (const name of ["run", "get", "all", "iterate"]) {
    const original = statementProto[name];
    if (original === undefined) throw new Error(`better-sqlite3 statements have no ${name}`);
    originals.set(name, original);
    statementProto[name] = function (this: { source: string }, ...args: unknown[]) {
      record(this.source, (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as unknown[]);
      return original.apply(this, args);
    };
  }

  // pg: the adapter sends `{ text, values }` through Client#query (pools hand out Clients).
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const [config, values] = args as [unknown, unknown];
    if (typeof config === "string") record(config, Array.isArray(values) ? values : []);
    else if (config !== null && typeof config === "object" && "text" in config)
      record(String(config.text), ((config as { values?: unknown[] }).values ?? []) as unknown[]);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;

  return {
    start() {
      recording = true;
    },
    stop() {
      recording = false;
    },
    /** The distinct statements recorded (each with the values of its first run). */
    statements(): CapturedStatement[] {
      return [...seen.values()];
    },
    /** How many times each statement ran while recording (counting is deterministic, timing is not). */
    runs(): ReadonlyMap<string, number> {
      return runs;
    },
    /** Forgets what was recorded. */
    clear() {
      seen.clear();
      runs.clear();
    },
    uninstall() {
      for (const [name, original] of originals) statementProto[name] = original;
      pg.Client.prototype.query = query;
    },
  };
}

/** Statements that read rows (the ones a plan can make scan): no transaction control, no PRAGMA. */
export const readsRows = (sql: string): boolean =>
  /^\s*(SELECT|UPDATE|DELETE|WITH|INSERT\s+INTO\s+\S+\s*(\([^)]*\))?\s*SELECT)\b/i.test(sql);

/** `` `Meeting` AS `t1` `` and `` `main`.`Meeting` ``: which name in a plan stands for which table. */
function aliases(sql: string): Map<string, string> {
  const names = new Map<string, string>();
  const pattern = /["`](\w+)["`](?:\s+AS\s+["`]?(\w+)["`]?)?/gi;
  for (const match of sql.matchAll(pattern)) {
    const table = match[1] ?? "";
    names.set(table, table);
    if (match[2] !== undefined) names.set(match[2], table);
  }
  return names;
}

/**
 * Columns of a handful of values (a queue row's kind and status, a platform, an answer): an index
 * search narrowed by these alone still reads a large part of its table.
 */
const FEW_VALUES = new Set(["kind", "status", "platform", "answer"]);

/**
 * Explains each statement on the database and names the large tables it reads in full. SQLite:
 * `EXPLAIN QUERY PLAN`, where a `SCAN <table>` without an index is a full scan, and so is a
 * correlated subquery's search narrowed only by columns of a few values (`FEW_VALUES`): it is
 * run once per row of the outer query, each time over most of its table. PostgreSQL:
 * `EXPLAIN` with sequential scans priced out (`enable_seqscan = off`), so that a `Seq Scan` left
 * in the plan, or an index walked whole, means no index can serve it, whatever the table's size
 * in the test.
 */
export async function explainAll(
  kind: DatabaseKind,
  url: string,
  statements: readonly CapturedStatement[],
  largeTables: ReadonlySet<string>,
): Promise<PlanFinding[]> {
  if (kind === "sqlite") {
    const file = new Database(sqliteFile(url), { readonly: true });
    try {
      return statements.map(({ sql, values }) => {
        const rows = file.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(values) as {
          id: number;
          parent: number;
          detail: string;
        }[];
        const names = aliases(sql);
        const parents = new Map(rows.map((row) => [row.id, row]));
        const correlated = (row: { parent: number }): boolean => {
          for (let up = parents.get(row.parent); up !== undefined; up = parents.get(up.parent))
            if (up.detail.startsWith("CORRELATED")) return true;
          return false;
        };
        const fullScans = rows.flatMap((row) => {
          const search = /^SEARCH (?:\w+\.)?(\w+) USING .*\((.*)\)$/.exec(row.detail);
          if (search !== null && correlated(row)) {
            const table = names.get(search[1] ?? "") ?? search[1] ?? "";
            const columns = (search[2] ?? "").split(" AND ").map((term) => term.split(/[=<>]/)[0] ?? "");
            return largeTables.has(table) && columns.every((column) => FEW_VALUES.has(column))
              ? [`${table} (searched by ${columns.join(", ")} alone, once per row of the outer query)`]
              : [];
          }
          const scan = /^SCAN (?:\w+\.)?(\w+)(.*)$/.exec(row.detail);
          if (scan === null || /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(scan[2] ?? ""))
            return [];
          const table = names.get(scan[1] ?? "") ?? scan[1] ?? "";
          return largeTables.has(table) ? [table] : [];
        });
        return { sql, fullScans, plan: rows.map((r) => r.detail).join("\n") };
      });
    } finally {
      file.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SET enable_seqscan = off");
    // Priced out of sequential scans, the planner walks a whole index rather than scan a table
    // it has no fitting index for: an index scan whose condition leaves the index's first column
    // free reads it all as well.
    const leading = new Map(
      (
        await client.query<{ index: string; column: string }>(
          `SELECT c.relname AS index, a.attname AS column FROM pg_index i
             JOIN pg_class c ON c.oid = i.indexrelid
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]`,
        )
      ).rows.map((row) => [row.index, row.column]),
    );
    const findings: PlanFinding[] = [];
    for (const { sql, values } of statements) {
      // EXPLAIN alone plans without running: an UPDATE or DELETE changes nothing.
      const result = await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, values);
      const entries = (result.rows[0]?.["QUERY PLAN"] ?? []) as { Plan: Record<string, unknown> }[];
      const plan = JSON.stringify(entries);
      const fullScans: string[] = [];
      const walk = (node: Record<string, unknown>, table: string | undefined) => {
        const relation = typeof node["Relation Name"] === "string" ? node["Relation Name"] : table;
        const type = String(node["Node Type"]);
        if (relation !== undefined && largeTables.has(relation)) {
          if (type === "Seq Scan") fullScans.push(relation);
          if (/Index (Only )?Scan/.test(type)) {
            const column = leading.get(String(node["Index Name"])) ?? "";
            const condition = String(node["Index Cond"] ?? "");
            if (!new RegExp(`\\(("${column}"|${column}) `).test(condition)) fullScans.push(relation);
          }
        }
        // A bitmap scan's index node names no table: its heap node above it does.
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? [])
          walk(child, relation);
      };
      for (const entry of entries) walk(entry.Plan, undefined);
      findings.push({ sql, fullScans, plan });
    }
    return findings;
  } finally {
    await client.end();
  }
}
