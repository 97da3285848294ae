// Seeded generators for the differential fuzz test: documents and expressions drawn from the compiled subset.

/** mulberry32: small, fast and reproducible from a seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const FIELDS = ['a', 'b', 'c', 'name', 'qty', 'price', 'items', 'tags'] as const;
const STRINGS = ['', 'x', 'abc', 'Hello World', '1', '2.5', 'accepted', 'BOX'] as const;
const NUMBERS = [0, 1, 2, -1, 3.5, 10, 0.1, 100] as const;

export function randomValue(random: Random, depth = 0): unknown {
  const roll = random();
  if (depth > 2 || roll < 0.3) return pick(random, NUMBERS);
  if (roll < 0.5) return pick(random, STRINGS);
  if (roll < 0.55) return pick(random, [true, false, null]);
  if (roll < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  return randomDocument(random, depth + 1);
}

export function randomDocument(random: Random, depth = 0): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 5);
  for (let index = 0; index < count; index++) document[pick(random, FIELDS)] = randomValue(random, depth);
  return document;
}

function path(random: Random): string {
  const steps = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    const roll = random();
    if (roll < 0.08) return '*';
    if (roll < 0.12) return '**';
    return pick(random, FIELDS);
  });
  let result = steps.join('.');
  const roll = random();
  if (roll < 0.1) result += `[${pick(random, [0, 1, -1])}]`;
  else if (roll < 0.2) result += `[${pick(random, FIELDS)} ${pick(random, ['>', '=', '!='])} ${pick(random, NUMBERS)}]`;
  else if (roll < 0.25) result += '[]';
  return random() < 0.1 ? `$.${result}` : result;
}

const literal = (random: Random): string => {
  const roll = random();
  if (roll < 0.4) return String(pick(random, NUMBERS));
  if (roll < 0.8) return JSON.stringify(pick(random, STRINGS));
  return pick(random, ['true', 'false', 'null']);
};

const UNARY_FUNCTIONS = ['$string', '$number', '$count', '$sum', '$uppercase', '$lowercase', '$length', '$exists', '$boolean', '$not', '$keys', '$trim', '$abs', '$round', '$max', '$min', '$distinct', '$reverse', '$type', '$floor', '$average'] as const;
const OPERATORS = ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', 'and', 'or', 'in'] as const;

/** One expression of at most the given depth; every construct in it is one the compiler supports. */
export function randomExpression(random: Random, depth = 3): string {
  if (depth <= 0) return random() < 0.6 ? path(random) : literal(random);
  const sub = () => randomExpression(random, depth - 1);
  const roll = random();
  if (roll < 0.15) return path(random);
  if (roll < 0.22) return literal(random);
  if (roll < 0.36) return `(${sub()} ${pick(random, OPERATORS)} ${sub()})`;
  if (roll < 0.44) return `${pick(random, UNARY_FUNCTIONS)}(${sub()})`;
  if (roll < 0.5) return `(${sub()} ? ${sub()} : ${sub()})`;
  if (roll < 0.56) return `{ "k": ${sub()}, "m": ${sub()} }`;
  if (roll < 0.61) return `[${sub()}, ${sub()}]`;
  if (roll < 0.66) return `${path(random)}.{ "v": ${sub()} }`;
  if (roll < 0.7) return `${path(random)}{ ${pick(random, ['name', '$string(a)', '"k"'])}: ${sub()} }`;
  if (roll < 0.75) return `$map(${path(random)}, function($v, $i) { ${pick(random, ['$v', '$i', '$v.qty', '$string($v)', '$v + 1'])} })`;
  if (roll < 0.79) return `$filter(${path(random)}, function($v) { ${sub()} })`;
  if (roll < 0.83) return `$reduce(${path(random)}, function($x, $y) { $x ${pick(random, ['+', '&', '*'])} $y }${random() < 0.5 ? ', 0' : ''})`;
  if (roll < 0.87) return `($x := ${sub()}; $y := ${sub()}; $x ${pick(random, OPERATORS)} $y)`;
  if (roll < 0.9) return `$lookup(${sub()}, ${JSON.stringify(pick(random, FIELDS))})`;
  if (roll < 0.93) return `$merge([${sub()}, ${sub()}])`;
  if (roll < 0.96) return `${sub()} ~> $string()`;
  if (roll < 0.98) return `$substring(${sub()}, ${pick(random, NUMBERS)})`;
  return `-${sub()}`;
}
