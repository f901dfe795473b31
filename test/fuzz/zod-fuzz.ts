import type { z } from 'zod';
import { deepJson, hugeString, NASTY_STRINGS, PROTO_KEYS, randomString, randomValue, wrongKindValues } from './hostile.js';
import type { Rng } from './prng.js';

/**
 * Invalid inputs derived from a zod schema by reading its definition: a valid sample, then one or more fields
 * missing, of the wrong type or breaking a rule, or the whole input replaced. Each says which field paths the
 * error must name. Whether a candidate really is invalid is for the caller to check with the schema itself.
 */

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  checks?: Array<{ _zod: { def: CheckDef } }>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (schema: z.ZodType): CheckDef[] => (defOf(schema).checks ?? []).map((check) => check._zod.def);

export type Path = Array<string | number>;

export interface Field {
  path: Path;
  /** The field's schema without its optional, default or pipe wrappers: what its values are made from. */
  schema: z.ZodType;
  /** The field's schema as declared: what decides whether a value is accepted. */
  declared: z.ZodType;
  /** May be left out (optional, or has a default). */
  optional: boolean;
}

export interface Candidate {
  value: unknown;
  /** Field paths (`a.b`, or `(input)` for the whole) that the error must name, each or a field inside it. */
  expect: string[];
  how: string;
}

/** The schema without the wrappers that only decide whether a value may be absent, and whether it may be. */
export function unwrap(schema: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let optional = false;
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'prefault') && def.innerType) {
      optional = true;
      current = def.innerType;
    } else if ((def.type === 'readonly' || def.type === 'catch' || def.type === 'nonoptional') && def.innerType) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return { schema: current, optional };
    }
  }
}

/** The fields of an object schema, nested objects included, each with its path. */
export function fieldsOf(schema: z.ZodType, path: Path = []): Field[] {
  const { schema: inner } = unwrap(schema);
  const def = defOf(inner);
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([key, child]) => {
    const here = [...path, key];
    const { schema: bare, optional } = unwrap(child);
    return [{ path: here, schema: bare, declared: child, optional }, ...fieldsOf(bare, here)];
  });
}

export const pathText = (path: Path): string => (path.length ? path.map(String).join('.') : '(input)');

function lengthRule(schema: z.ZodType): { min: number; max: number; trims: boolean; url: boolean } {
  const checks = checksOf(schema);
  const min = Math.max(0, ...checks.filter((c) => c.check === 'min_length').map((c) => c.minimum ?? 0));
  const max = Math.min(Number.MAX_SAFE_INTEGER, ...checks.filter((c) => c.check === 'max_length').map((c) => c.maximum ?? Infinity));
  return { min, max, trims: checks.some((c) => c.check === 'overwrite'), url: checks.some((c) => c.format === 'url') };
}

function numberRule(schema: z.ZodType): { low: number; high: number; int: boolean } {
  const checks = checksOf(schema);
  const low = Math.max(-1e6, ...checks.filter((c) => c.check === 'greater_than').map((c) => (c.value ?? 0) + (c.inclusive ? 0 : 1)));
  const high = Math.min(1e6, ...checks.filter((c) => c.check === 'less_than').map((c) => (c.value ?? 0) - (c.inclusive ? 0 : 1)));
  return { low, high, int: checks.some((c) => c.format === 'safeint' || c.format === 'int32') };
}

/** A valid value for the schema; `full` includes every optional field, so any path can be mutated. */
export function sample(schema: z.ZodType, rng: Rng, full = false): unknown {
  const { schema: bare } = unwrap(schema);
  const def = defOf(bare);
  switch (def.type) {
    case 'string': {
      const { min, max, url } = lengthRule(bare);
      if (url) return rng.pick(['http://127.0.0.1:9', 'https://api.dingtalk.com']);
      const word = rng.pick(['ok', 'team', '钉钉', 'a b']);
      return word.repeat(Math.ceil(Math.max(min, 1) / word.length)).slice(0, Math.min(max, Math.max(min, word.length)));
    }
    case 'number': {
      const { low, high } = numberRule(bare);
      return rng.int(Math.max(low, 1), Math.min(high, 100));
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'enum':
      return rng.pick(Object.values(def.entries ?? {}));
    case 'literal':
      return rng.pick(def.values ?? []);
    case 'undefined':
      return undefined;
    case 'array':
      return def.element && (full || rng.chance(0.5)) ? [sample(def.element, rng, full)] : [];
    case 'record':
      return def.valueType && rng.chance(0.5) ? { [rng.pick(['a', 'model', 'cwd'])]: sample(def.valueType, rng, full) } : {};
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(def.shape ?? {})) {
        if (unwrap(child).optional && !full && rng.chance(0.5)) continue;
        out[key] = sample(child, rng, full);
      }
      return out;
    }
    case 'union':
      return sample(rng.pick(def.options ?? []), rng, full);
    default:
      return rng.pick<unknown>(['x', 1, true, null, {}]);
  }
}

/** Values this field must refuse: other kinds of value, and values of its kind that break one of its rules. */
export function wrongFor(schema: z.ZodType, rng: Rng): unknown[] {
  const def = defOf(schema);
  const other = wrongKindValues(rng);
  switch (def.type) {
    case 'string': {
      const { min, max, trims, url } = lengthRule(schema);
      const out: unknown[] = [...other, 42, ['text'], { toString: 'x' }];
      if (min > 0) out.push('', trims ? ' \t\n ' : '');
      if (max < 50_000_000) out.push(hugeString(max + 1, rng.pick(['x', '钉'])));
      if (url) out.push('not a url', 'ftp://example.com', 'javascript:alert(1)', '//x', hugeString(300, '\u0000'));
      return out;
    }
    case 'number': {
      const { low, high, int } = numberRule(schema);
      const out: unknown[] = [...other, '5', '', Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, [1], low - 1, high + 1, -Number.MAX_VALUE];
      if (int) out.push(1.5, 2 ** 53 + 2);
      return out;
    }
    case 'boolean':
      return [...other, 'true', 'false', 0, 1, 'yes', [true]];
    case 'enum':
    case 'literal': {
      const allowed = def.type === 'enum' ? Object.values(def.entries ?? {}) : (def.values ?? []);
      const first = String(allowed[0] ?? '');
      return [...other, first.toUpperCase(), `${first} `, ` ${first}`, `${first}\u0000`, hugeString(100_000, 'e'), [first], { value: first }, 0];
    }
    case 'undefined':
      return other.filter((value) => value !== undefined);
    case 'array':
      return [...other, 'a,b', { 0: 'a', length: 1 }];
    case 'record':
    case 'object':
      return [...other, 'object', 7, [['key', 'value']], [{}]];
    default:
      return other;
  }
}

/** Whole inputs that are nothing like what an operation takes. */
function wholeGarbage(rng: Rng): unknown {
  return rng.pick<() => unknown>([
    () => rng.pick(wrongKindValues(rng)),
    () => randomValue(rng, 5),
    () => rng.pick(NASTY_STRINGS),
    () => hugeString(rng.pick([1_000, 100_000, 1_000_000]), rng.pick(['x', '钉', '\u0000'])),
    () => JSON.parse(deepJson(rng.int(100, 5_000), rng.chance(0.5) ? 'array' : 'object')),
    () => Array.from({ length: rng.int(1, 50) }, () => randomValue(rng, 2)),
    () => JSON.parse(`{"__proto__":${JSON.stringify(randomValue(rng, 2))},"constructor":{"prototype":{"polluted":true}}}`),
  ])();
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  let node: Record<string, unknown> = root;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function deleteAt(root: Record<string, unknown>, path: Path): void {
  let node: Record<string, unknown> = root;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (last !== undefined) delete node[last];
}

const related = (a: Path, b: Path) => {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.every((key, i) => long[i] === key);
};

/** Keys no schema asks for, prototype keys among them, with garbage values. */
function addJunk(target: Record<string, unknown>, rng: Rng): void {
  for (let i = rng.int(1, 4); i > 0; i--) {
    const key = rng.chance(0.5) ? rng.pick(PROTO_KEYS) : randomString(rng, 12);
    Object.defineProperty(target, key, { value: randomValue(rng, 3), enumerable: true, writable: true, configurable: true });
  }
}

/** A value the field refuses on its own; never `undefined` where leaving the field out is allowed. */
export function wrongValue(field: Field, rng: Rng): unknown {
  const values = wrongFor(field.schema, rng).filter((value) => value !== undefined && !field.declared.safeParse(value).success);
  return field.optional || rng.chance(0.9) ? rng.pick(values) : undefined;
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** One candidate invalid input for the schema. */
export function candidate(schema: z.ZodType, rng: Rng): Candidate {
  const fields = fieldsOf(schema);
  const required = fields.filter((field) => !field.optional);
  const strategy = fields.length === 0 ? 0 : rng.weighted([2, 2, 4, 3, 1]);
  if (strategy === 0) {
    const value = wholeGarbage(rng);
    const objectLike = value !== null && typeof value === 'object' && !Array.isArray(value);
    const takesObject = ['object', 'record'].includes(defOf(unwrap(schema).schema).type);
    // An object given where an object belongs is judged field by field; which fields is the schema's business.
    return { value, expect: objectLike && takesObject ? [] : ['(input)'], how: 'the whole input replaced' };
  }
  const base = sample(schema, rng, true) as Record<string, unknown>;
  if (strategy === 1 && required.length) {
    const field = rng.pick(required);
    deleteAt(base, field.path);
    return { value: base, expect: [pathText(field.path)], how: `${pathText(field.path)} missing` };
  }
  if (strategy === 3) {
    const chosen: Field[] = [];
    const count = rng.int(2, 4);
    for (const field of shuffled(fields, rng)) {
      if (chosen.length < count && !chosen.some((other) => related(other.path, field.path))) chosen.push(field);
    }
    for (const field of chosen) setAt(base, field.path, wrongValue(field, rng));
    addJunk(base, rng);
    return { value: base, expect: chosen.map((field) => pathText(field.path)), how: `${chosen.map((field) => pathText(field.path)).join(', ')} wrong, with junk keys` };
  }
  if (strategy === 4) {
    const arrays = fields.filter((field) => defOf(field.schema).type === 'array');
    const field = arrays.length ? rng.pick(arrays) : rng.pick(fields);
    const element = defOf(field.schema).element;
    if (element) {
      const wrong = wrongValue({ path: [...field.path, 1], schema: unwrap(element).schema, declared: element, optional: false }, rng);
      setAt(base, field.path, [sample(element, rng), wrong]);
      return { value: base, expect: [pathText([...field.path, 1])], how: `${pathText(field.path)}[1] wrong` };
    }
  }
  const field = rng.pick(fields);
  setAt(base, field.path, wrongValue(field, rng));
  return { value: base, expect: [pathText(field.path)], how: `${pathText(field.path)} wrong` };
}
