import type { Rng } from './prng.js';

/** Keys that reach Object.prototype when a parser or a merge assigns them naively. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

/** Strings that have broken parsers, file systems, terminals or templates somewhere. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '\t\n\r',
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe',
  '\u2066isolated\u2069',
  '\uD800',
  '\uDC00\uD800',
  '\uFFFE\uFFFF',
  '😀👍🏽👨‍👩‍👧',
  '钉钉 机器人',
  'ｆｕｌｌｗｉｄｔｈ',
  'null',
  'undefined',
  'NaN',
  'true',
  '0',
  '-1',
  '1e309',
  '{}',
  '[]',
  '"',
  '\\',
  '\\u0000',
  "'; DROP TABLE messages; --",
  '<script>alert(1)</script>',
  '%s%s%s%n',
  '${HOME}',
  '$DINGTALK_CLIENT_SECRET',
  '../../etc/passwd',
  'C:\\Windows\\system32',
  'CON',
  '__proto__',
  'constructor',
  '\r\n\r\nHTTP/1.1 200 OK',
];

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  ' \t\n\r"\\/{}[],:',
  '\u0000\u0001\u0007\u001b\u007f\u0085\u00a0',
  '钉钉消息机器人测试群你好',
  '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200d\ufeff',
];

/** A short string drawn from printable, structural, control, CJK and bidi characters, sometimes a lone surrogate. */
export function randomString(rng: Rng, maxLength = 24): string {
  const length = rng.int(0, maxLength);
  let out = '';
  for (let i = 0; i < length; i++) {
    const roll = rng.next();
    if (roll < 0.03) out += String.fromCharCode(rng.int(0xd800, 0xdfff));
    else if (roll < 0.06) out += String.fromCodePoint(rng.int(0x1f300, 0x1faff));
    else out += rng.pick(rng.pick(ALPHABETS).split(''));
  }
  return out;
}

const hugeCache = new Map<string, string>();

/** A long string, built once per size and character and then shared: strings are immutable. */
export function hugeString(length: number, char = 'x'): string {
  const key = `${length}:${char}`;
  let value = hugeCache.get(key);
  if (value === undefined) {
    value = char.repeat(Math.ceil(length / char.length)).slice(0, length);
    hugeCache.set(key, value);
  }
  return value;
}

/** JSON text nested `depth` levels deep, as arrays or objects. */
export function deepJson(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;
}

const WEIRD_NUMBERS = ['0', '-0', '1e309', '-1e309', '1e-400', '9007199254740993', '123456789012345678901234567890', '0.1', '-1', '1E2'];

/**
 * Random JSON text: objects (sometimes with prototype keys or duplicate keys), arrays, strings, numbers that
 * JavaScript cannot hold exactly, booleans and null. Kept as text so `__proto__` survives as an own key.
 */
export function randomJson(rng: Rng, depth = 3): string {
  const roll = rng.int(0, depth > 0 ? 9 : 5);
  switch (roll) {
    case 0:
      return 'null';
    case 1:
      return rng.chance(0.5) ? 'true' : 'false';
    case 2:
      return rng.chance(0.5) ? String(rng.int(-1e6, 1e6)) : rng.pick(WEIRD_NUMBERS);
    case 3:
    case 4:
      return JSON.stringify(rng.chance(0.2) ? rng.pick(NASTY_STRINGS) : randomString(rng));
    case 5:
      return JSON.stringify(String(rng.next()));
    case 6:
    case 7: {
      const count = rng.int(0, 4);
      const items = Array.from({ length: count }, () => randomJson(rng, depth - 1));
      return `[${items.join(',')}]`;
    }
    default: {
      const count = rng.int(0, 5);
      const entries = Array.from({ length: count }, () => {
        const key = rng.chance(0.25) ? rng.pick(PROTO_KEYS) : randomString(rng, 8);
        return `${JSON.stringify(key)}:${randomJson(rng, depth - 1)}`;
      });
      return `{${entries.join(',')}}`;
    }
  }
}

/** A random JSON value as JavaScript, with any `__proto__` keys kept as own properties. */
export const randomValue = (rng: Rng, depth = 3): unknown => JSON.parse(randomJson(rng, depth));

/** Values of every JSON (and some non-JSON) kind, to put where something else belongs. */
export function wrongKindValues(rng: Rng): unknown[] {
  return [
    null,
    undefined,
    true,
    false,
    0,
    -1,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    rng.pick(NASTY_STRINGS),
    randomString(rng),
    [],
    [randomValue(rng, 1)],
    {},
    JSON.parse(`{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`),
    randomValue(rng, 4),
  ];
}

/** Snapshot of Object.prototype, to prove after a run that nothing was added to it or changed on it. */
export function prototypeSnapshot(): string {
  const names = (proto: object) => Object.getOwnPropertyNames(proto).sort();
  return JSON.stringify({ object: names(Object.prototype), array: names(Array.prototype), function: names(Function.prototype) });
}
