// The built codec modules (npm run build first), initialised in Node from
// the wasm bytes, and the small helpers the differential tests share.
import { readFileSync } from 'node:fs';

const pkg = (file) => new URL(`../../pkg/${file}`, import.meta.url);

export async function loadModule(name) {
  const module = await import(pkg(`consentry-${name}.js`).href);
  module.initSync({ module: readFileSync(pkg(`consentry_${name}_bg.wasm`)) });
  return module;
}

/** A seeded PRNG (mulberry32): the same cases on every run. */
export function random(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    bool: (p = 0.5) => next() < p,
    pick: (list) => list[int(0, list.length - 1)],
    /** Ids in 1..max, each with probability p, sorted. */
    ids: (max, p) => Array.from({ length: max }, (_, i) => i + 1).filter(() => next() < p),
    letters: () => String.fromCharCode(65 + int(0, 25), 65 + int(0, 25)),
  };
}

/** Counts differences by field, keeping the first example of each. */
export class Differences {
  constructor() {
    this.byField = new Map();
  }

  check(field, ours, theirs, context) {
    const a = JSON.stringify(ours);
    const b = JSON.stringify(theirs);
    if (a === b) return;
    const entry = this.byField.get(field) ?? { count: 0, example: { ours: a, theirs: b, context } };
    entry.count++;
    this.byField.set(field, entry);
  }

  get total() {
    return [...this.byField.values()].reduce((n, e) => n + e.count, 0);
  }

  report() {
    return [...this.byField].map(([f, e]) => `${f}: ${e.count} (e.g. ${JSON.stringify(e.example).slice(0, 400)})`).join('\n');
  }
}
