import { isDeepStrictEqual } from "node:util";
import { QueryCompiler as PostgresCompiler } from "@prisma/client/runtime/query_compiler_bg.postgresql.mjs";
import { QueryCompiler as SqliteCompiler } from "@prisma/client/runtime/query_compiler_bg.sqlite.mjs";

/**
 * Query plans cached by the shape of the query, in front of Prisma 6.19's query compiler.
 *
 * Prisma 6.19 compiles every query into a plan (SQL and how to read its rows) on every call, about
 * a third of a millisecond each and a fifth of the CPU a click costs; Prisma 7 caches plans. The
 * compiler already accepts parameters (`{ "$type": "Param" }`) and the plan's interpreter reads them,
 * but 6.19's client never passes any. Here, the values of a query are taken out of it: what remains
 * is its shape (model, action, fields, operators, selection), and a shape is compiled once, with
 * parameters where its values were. A query of a known shape gets a copy of that plan with its own
 * values put back where the parameters are.
 *
 * Nothing is taken on trust. The second time a shape is seen (one seen once may never come again),
 * the query is compiled both ways, with its values and with parameters, and the two plans compared
 * node by node: they must be the same apart from the parameters, and each parameter must stand
 * where its value, as the compiler wrote it (a number as a string, a date as its text), stands in
 * the other. A shape for which that is not so (the compiler used a value for more than its place in
 * the SQL) is compiled every time, as before. Only values that are plainly data are taken out:
 * fields' values and comparisons in `where`, `data`, `create` and `update`; never `take`, `skip`,
 * `orderBy`, patterns (`contains`), lists as a whole, nulls, or JSON. A value its field would not
 * take as it is (a date past year 9999, half an emoji) is compiled with its query, so that the
 * compiler says what is wrong. With `EQUIPE_PLAN_CACHE_CHECK` set (the test suite sets it, on both
 * databases), every plan from the cache is compared with a fresh compilation, and a difference throws.
 */

/** The compiler's method we front: a query in Prisma's JSON protocol, as text, to a plan. */
interface Compiler {
  compile(query: string): unknown;
}

/**
 * Shapes kept per compiler, the least recently used dropped first: the hot queries are a few dozen;
 * shapes with values kept in them (a `startsWith` prefix, a `take`) are bounded by it.
 */
const PLAN_CACHE_SHAPES = 500;

/** The parameters' names: nothing the compiler names its own bindings (`@generated$…`) can look like. */
const PARAM = "equipe$";

/** Keys whose whole value is part of the shape: they choose the SQL, not data in it. */
const SHAPE_KEYS = new Set([
  "orderBy",
  "distinct",
  "take",
  "skip",
  "cursor",
  "by",
  "having",
  "select",
  "include",
  "omit",
  "_count",
  "_avg",
  "_sum",
  "_min",
  "_max",
  "relationLoadStrategy",
  "skipDuplicates",
  "mode",
  "search",
  "contains",
  "startsWith",
  "endsWith",
  "increment",
  "decrement",
  "multiply",
  "divide",
  "push",
  "unset",
  "path",
  "has",
  "hasEvery",
  "hasSome",
  "isEmpty",
  "isSet",
  "string_contains",
  "string_starts_with",
  "string_ends_with",
  "array_contains",
  "array_starts_with",
  "array_ends_with",
]);

/**
 * `AND`, `OR` and `NOT` take filters, never a value: a value there is a query the compiler refuses
 * (and a parameter there, one it panics on), so it stays in the shape.
 */
const LOGICAL_KEYS = new Set(["AND", "OR", "NOT"]);

/** How a value taken out of a query is written in the plan compiled with it. */
type Written = "same" | "text" | "dateText";

/** The types of field a value may be a parameter of: the compiler's names. */
type FieldType = "String" | "Int" | "Boolean" | "DateTime";

/**
 * Whether `value` is one the compiler would take for a field of `type` as it is: otherwise the
 * query is compiled with its values, and the compiler says what is wrong with it.
 */
function fits(value: Json | undefined, type: FieldType): boolean {
  switch (type) {
    case "String":
      // Text with half a surrogate pair (an emoji cut in two) the compiler refuses.
      return typeof value === "string" && !LONE_SURROGATE.test(value);
    case "Int":
      return typeof value === "number" && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
    case "Boolean":
      return typeof value === "boolean";
    case "DateTime":
      // The form `Date.prototype.toISOString` gives for years 0–9999; the compiler refuses others.
      return (
        isObject(value) &&
        value.$type === "DateTime" &&
        typeof value.value === "string" &&
        ISO_INSTANT.test(value.value)
      );
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A Prisma `Int` is 32 bits: a number past them goes to the compiler, which writes it its own way. */
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const FIELD_TYPES: ReadonlySet<string> = new Set<FieldType>(["String", "Int", "Boolean", "DateTime"]);

/**
 * Where a value goes in a cached plan: the index of the query's value, how it is written, and the
 * type of the field it is a value of.
 */
class Slot {
  constructor(
    readonly index: number,
    readonly written: Written,
    readonly type: FieldType,
  ) {}
}

/**
 * A shape's plan: the plan compiled with the values of the query it was learned from, those values
 * replaced by slots. Kept with its values' plan, and not the one with parameters: it is the compiler's own
 * answer for such a query, down to how it types each value.
 */
interface Template {
  plan: unknown;
  slots: Slot[];
}

/** A shape whose plan must be compiled with its values every time. */
const UNCACHEABLE = Symbol("uncacheable");
/** A shape seen once: learned the next time it comes. */
const SEEN_ONCE = Symbol("seen once");

type Entry = Template | typeof UNCACHEABLE | typeof SEEN_ONCE;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A value that is data, not shape: a string, an integer, a boolean, a date. Other numbers stay in
 * the shape: how the compiler writes a fraction is not something to guess.
 */
function isDatum(value: unknown): boolean {
  if (typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isSafeInteger(value);
  return isObject(value) && value.$type === "DateTime" && typeof value.value === "string";
}

/**
 * `node` with its data values replaced by parameters, the values pushed onto `values`. Equal values
 * share one parameter, so that the shape says which values are equal: the compiler chooses some
 * plans by it (an upsert whose `where` and `create` name the same row is one statement).
 */
function shapeOf(node: Json, values: Json[], seen: Map<string, number>): Json {
  if (isDatum(node)) {
    const key = JSON.stringify(node);
    let index = seen.get(key);
    if (index === undefined) {
      index = values.push(node) - 1;
      seen.set(key, index);
    }
    return { $type: "Param", value: `${PARAM}${index}` };
  }
  if (Array.isArray(node)) return node.map((item) => shapeOf(item, values, seen));
  if (!isObject(node)) return node;
  // Typed values other than dates (JSON, bytes, decimals, field references) stay as they are.
  if (typeof node.$type === "string") return node;
  // No prototype: a key `__proto__` is a key like any other.
  const shaped = Object.create(null) as Record<string, Json>;
  for (const [key, value] of Object.entries(node))
    shaped[key] =
      SHAPE_KEYS.has(key) || (LOGICAL_KEYS.has(key) && isDatum(value))
        ? value
        : shapeOf(value as Json, values, seen);
  return shaped;
}

/** A query in Prisma's JSON protocol → its shape (as text, the cache's key) and its values. */
export function parameterize(query: unknown): { shape: string; values: Json[] } | undefined {
  if (!isObject(query) || typeof query.modelName !== "string") return undefined; // raw SQL: no model
  const body = query.query;
  if (!isObject(body) || !isObject(body.arguments)) return undefined;
  const values: Json[] = [];
  const args = shapeOf(body.arguments as Json, values, new Map());
  if (values.length === 0) return undefined;
  return { shape: JSON.stringify({ ...query, query: { ...body, arguments: args } }), values };
}

/** One of our parameters in a plan: its name and the type of the field it stands for. */
function paramOf(node: unknown): { name: string; type: string } | undefined {
  if (!isObject(node) || node.prisma__type !== "param" || !isObject(node.prisma__value)) return undefined;
  const { name, type } = node.prisma__value;
  if (typeof name !== "string" || !name.startsWith(PARAM)) return undefined;
  return { name, type: String(type) };
}

/** How `written` (in the plan compiled with values) writes `value`, if it is that value at all. */
function howWritten(value: Json, written: unknown): Written | undefined {
  if (written === value) return "same";
  if (typeof value === "number" && written === String(value)) return "text";
  if (isObject(value) && value.$type === "DateTime" && written === value.value) return "dateText";
  return undefined;
}

function write(value: Json, written: Written): unknown {
  if (written === "same") return value;
  if (written === "text") return String(value);
  return (value as { value: string }).value;
}

/** Not a difference: a parameter of an `Int` field is typed `int`, its value written `bigint`. */
const sameType = (key: string, template: unknown, literal: unknown) =>
  key === "scalarType" && template === "int" && literal === "bigint";

/**
 * Walks the plan compiled with parameters beside the one compiled with values: the latter with a
 * `Slot` wherever the former has a parameter (each pushed onto `slots`), or undefined when they
 * differ anywhere else, or a parameter stands for a field of a type not cached.
 */
function skeleton(
  template: unknown,
  literal: unknown,
  values: Json[],
  slots: Slot[],
  key = "",
): { plan: unknown } | undefined {
  const param = paramOf(template);
  if (param !== undefined) {
    const index = Number(param.name.slice(PARAM.length));
    const value = values[index];
    if (!FIELD_TYPES.has(param.type) || !fits(value, param.type as FieldType)) return undefined;
    const written = howWritten(value as Json, literal);
    if (written === undefined) return undefined;
    const slot = new Slot(index, written, param.type as FieldType);
    slots.push(slot);
    return { plan: slot };
  }
  if (Array.isArray(template)) {
    if (!Array.isArray(literal) || literal.length !== template.length) return undefined;
    const plan: unknown[] = [];
    for (const [i, item] of template.entries()) {
      const part = skeleton(item, literal[i], values, slots);
      if (part === undefined) return undefined;
      plan.push(part.plan);
    }
    return { plan };
  }
  if (isObject(template)) {
    if (!isObject(literal) || Object.keys(literal).length !== Object.keys(template).length) return undefined;
    const plan: Record<string, unknown> = {};
    for (const [field, item] of Object.entries(template)) {
      if (!(field in literal)) return undefined;
      const part = skeleton(item, literal[field], values, slots, field);
      if (part === undefined) return undefined;
      plan[field] = part.plan;
    }
    return { plan };
  }
  return template === literal || sameType(key, template, literal) ? { plan: literal } : undefined;
}

/** A fresh copy of a shape's plan with `values` in its slots. */
function instantiate(node: unknown, values: Json[]): unknown {
  if (node instanceof Slot) return write(values[node.index] as Json, node.written);
  if (Array.isArray(node)) return node.map((item) => instantiate(item, values));
  if (!isObject(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const key in node) copy[key] = instantiate(node[key], values);
  return copy;
}

/** Counts, for the bench and tests. */
export interface PlanCacheCounts {
  hits: number;
  compiled: number;
  uncacheable: number;
}

const caches = new WeakMap<object, Map<string, Entry>>();
export const planCacheCounts: PlanCacheCounts = { hits: 0, compiled: 0, uncacheable: 0 };

/** Fronts `compile` of one compiler class with the cache. Idempotent. */
export function cachePlans(compilerClass: { prototype: Compiler }, check = false): void {
  const prototype = compilerClass.prototype as Compiler & { [CACHED]?: true };
  if (typeof prototype.compile !== "function" || prototype[CACHED]) return;
  const compile = prototype.compile;
  prototype[CACHED] = true;
  prototype.compile = function cachedCompile(this: Compiler, text: string): unknown {
    let query: unknown;
    try {
      query = JSON.parse(text);
    } catch {
      return compile.call(this, text);
    }
    let cache = caches.get(this);
    if (cache === undefined) {
      cache = new Map();
      caches.set(this, cache);
    }
    const raw = rawKey(query);
    if (raw !== undefined) return cachedRaw(this, compile, text, raw, cache, check);
    const parameterized = parameterize(query);
    if (parameterized === undefined) {
      planCacheCounts.compiled += 1;
      return compile.call(this, text);
    }
    const { shape, values } = parameterized;
    const entry = cache.get(shape);
    if (entry === UNCACHEABLE) {
      planCacheCounts.uncacheable += 1;
      return compile.call(this, text);
    }
    if (entry !== undefined && entry !== SEEN_ONCE) {
      if (!entry.slots.every((slot) => fits(values[slot.index], slot.type))) {
        // A value its field may not take as it is (text for a date, a number past 32 bits):
        // compiled with it, the compiler refuses it or writes it its own way.
        planCacheCounts.compiled += 1;
        return compile.call(this, text);
      }
      // Most recently used last: the first in the map is the one dropped when it is full.
      remember(cache, shape, entry);
      planCacheCounts.hits += 1;
      const plan = instantiate(entry.plan, values);
      if (check && !isDeepStrictEqual(plan, compile.call(this, text)))
        throw new Error(`the cached plan differs from the compiled one for ${shape}`);
      return plan;
    }
    const literal = compile.call(this, text);
    planCacheCounts.compiled += 1;
    // A shape seen for the first time is only marked: one whose values are part of it (a prefix, a
    // `take`) may never come again, and learning it costs a second compilation.
    if (entry === undefined) {
      remember(cache, shape, SEEN_ONCE);
      return literal;
    }
    // Seen before: its plan with values is the answer, and is kept if the one with parameters is
    // the same apart from them.
    remember(cache, shape, learn(this, compile, shape, literal, values));
    return literal;
  };
}

/**
 * A raw SQL statement (`$queryRaw`, `$executeRaw`): its key (the action, the SQL, each parameter's
 * kind) and its parameters' values as its plan holds them. Its plan is the SQL, the values and
 * their types, which follow from the values' kinds: a plan learned once serves every later call of
 * the same key with the call's own values. Only the kinds the app passes are taken: text, null,
 * 32-bit integers and dates (a date's value in the plan is its ISO text); with any other parameter
 * the statement is compiled, as before. Raw keys share the cache's bound with the model queries'
 * shapes and are learned at once (learning costs no second compilation): the app's raw statements
 * are a few dozen keys (an `IN` list of up to a batch's ids each its own); SQL with values written
 * into it (`$queryRawUnsafe` with interpolation) would churn the cache, and the app has none.
 */
export function rawKey(query: unknown): { key: string; values: Json[] } | undefined {
  if (!isObject(query) || query.modelName !== undefined) return undefined;
  if (query.action !== "queryRaw" && query.action !== "executeRaw") return undefined;
  const body = query.query;
  const args = isObject(body) ? body.arguments : undefined;
  if (!isObject(args) || typeof args.query !== "string" || typeof args.parameters !== "string")
    return undefined;
  let parameters: unknown;
  try {
    parameters = JSON.parse(args.parameters);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parameters)) return undefined;
  const kinds: string[] = [];
  const values: Json[] = [];
  for (const parameter of parameters) {
    // Text and dates that the compiler would refuse or write its own way (as `fits` says) are
    // compiled with their statement, so that it does.
    if (typeof parameter === "string" && !LONE_SURROGATE.test(parameter)) {
      kinds.push("text");
      values.push(parameter);
    } else if (parameter === null) {
      kinds.push("null");
      values.push(null);
    } else if (
      typeof parameter === "number" &&
      Number.isInteger(parameter) &&
      Math.abs(parameter) < 2 ** 31
    ) {
      kinds.push("int");
      values.push(parameter);
    } else if (
      isObject(parameter) &&
      parameter.prisma__type === "date" &&
      typeof parameter.prisma__value === "string" &&
      ISO_INSTANT.test(parameter.prisma__value)
    ) {
      kinds.push("date");
      values.push(parameter.prisma__value);
    } else return undefined;
  }
  return { key: JSON.stringify([query.action, args.query, kinds]), values };
}

/** A raw statement's plan, as the compiler writes it. */
interface RawPlan {
  type: string;
  args: { type: "rawSql"; sql: string; args: Json[]; argTypes: Json[] };
}

const isRawPlan = (plan: unknown): plan is RawPlan =>
  isObject(plan) &&
  typeof plan.type === "string" &&
  isObject(plan.args) &&
  plan.args.type === "rawSql" &&
  Array.isArray(plan.args.args) &&
  Array.isArray(plan.args.argTypes);

/** A raw plan learned, with other values (a copy: the interpreter may keep what it is given). */
const rawPlanWith = (plan: RawPlan, values: Json[]): RawPlan => ({
  ...plan,
  args: { ...plan.args, args: [...values], argTypes: structuredClone(plan.args.argTypes) },
});

/**
 * A raw statement through the cache: the plan learned for its key with its own values, or compiled
 * (and learned, if the compiler's plan holds exactly the values as `rawKey` reads them).
 */
function cachedRaw(
  compiler: Compiler,
  compile: Compiler["compile"],
  text: string,
  raw: { key: string; values: Json[] },
  cache: Map<string, Entry>,
  check: boolean,
): unknown {
  const entry = cache.get(raw.key);
  if (entry !== undefined && entry !== UNCACHEABLE && entry !== SEEN_ONCE && isRawPlan(entry.plan)) {
    remember(cache, raw.key, entry);
    planCacheCounts.hits += 1;
    const plan = rawPlanWith(entry.plan, raw.values);
    if (check && !isDeepStrictEqual(plan, compile.call(compiler, text)))
      throw new Error(`the cached plan differs from the compiled one for ${raw.key}`);
    return plan;
  }
  const literal = compile.call(compiler, text);
  planCacheCounts.compiled += 1;
  if (entry === undefined)
    remember(
      cache,
      raw.key,
      isRawPlan(literal) && isDeepStrictEqual(rawPlanWith(literal, raw.values), literal)
        ? { plan: rawPlanWith(literal, raw.values), slots: [] }
        : UNCACHEABLE,
    );
  return literal;
}

/** Keeps `entry` for `shape`, dropping the least recently used shape when the cache is full. */
function remember(cache: Map<string, Entry>, shape: string, entry: Entry): void {
  cache.delete(shape);
  if (cache.size >= PLAN_CACHE_SHAPES) cache.delete(cache.keys().next().value as string);
  cache.set(shape, entry);
}

/**
 * Shapes the compiler panicked on when given parameters, for the whole process: a compiler made
 * anew (Prisma makes one after a panic) must not be given them again.
 */
const PANICKED = new Set<string>();

/** The global through which Prisma's WebAssembly compiler reports a panic (see client.js). */
interface PanicRegistry {
  set_message(message: string): void;
}

/**
 * The template of `shape`: its plan compiled with parameters, matched against the one compiled with
 * the query's values. A compiler that refuses a parameter somewhere makes the shape uncacheable; one
 * that panics on it too, and the panic goes to Prisma's handler as any other would (the client then
 * makes a new compiler, and this query fails): a compiler that panicked is not used again.
 */
function learn(
  compiler: Compiler,
  compile: Compiler["compile"],
  shape: string,
  literal: unknown,
  values: Json[],
): Entry {
  if (PANICKED.has(shape)) return UNCACHEABLE;
  const registry = (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY;
  const handler = registry?.set_message;
  let panic: string | undefined;
  if (registry !== undefined)
    registry.set_message = (message: string) => {
      panic = message;
    };
  let template: unknown;
  try {
    planCacheCounts.compiled += 1;
    template = compile.call(compiler, shape);
  } catch {
    // Refused (or the panic's trap): compiled with its values from now on.
  } finally {
    if (registry !== undefined && handler !== undefined) registry.set_message = handler;
  }
  if (panic !== undefined) {
    PANICKED.add(shape);
    registry?.set_message(panic);
    return UNCACHEABLE;
  }
  if (template === undefined) return UNCACHEABLE;
  const slots: Slot[] = [];
  const matched = skeleton(template, literal, values, slots);
  return matched === undefined ? UNCACHEABLE : { plan: matched.plan, slots };
}

const CACHED = Symbol.for("equipe.planCache");

/** Both databases' compilers; the check is on when `EQUIPE_PLAN_CACHE_CHECK` is set. */
export function cacheQueryPlans(): void {
  const check = process.env.EQUIPE_PLAN_CACHE_CHECK !== undefined;
  cachePlans(SqliteCompiler, check);
  cachePlans(PostgresCompiler, check);
}
