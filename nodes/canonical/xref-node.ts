// tl-xref: cross-reference lookups (supplier item -> SKU, ship-to code -> location, UOM conversion) with a miss policy.
import { defineNode, NodeError, type TradelaneMessage } from '../sdk/index.js';
import { compileJsonata, createJsonataBindings, evaluateJsonata } from '../sdk/jsonata.js';
import { getPath, parsePath, setPath, toJsonPath } from './message-path.js';

export interface XrefConfig {
  table: string;
  key: string;
  mode: 'lookup' | 'uom-convert';
  eachLine: boolean;
  linesPath: string;
  target?: string;
  valueColumn: string;
  factorColumn: string;
  quantityPath: string;
  uomPath: string;
  pricePath: string;
  onMiss: 'error' | 'pass-through' | 'default';
  defaultValue: string;
}

/** A key that had no row, with where it came from. */
export interface XrefMiss {
  table: string;
  key: string | null;
  path: string;
}

interface Subject {
  /** The object the key is evaluated against and the target is written into: a line or the message. */
  value: Record<string, unknown>;
  /** JSON path of that object, for miss reports. */
  at: string;
}

export const xrefNode = defineNode<XrefConfig>({
  type: 'tl-xref',
  category: 'canonical',
  label: 'xref lookup',
  summary: 'Looks values up in a cross-reference table (item -> SKU, ship-to -> location, UOM factor), per message or per line.',
  color: '#C7E9C0',
  icon: 'font-awesome/fa-exchange',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'mapped' }],
  origin: 'tradelane',
  configSchema: {
    type: 'object',
    required: ['table', 'key'],
    additionalProperties: false,
    properties: {
      table: { title: 'Table', description: 'Name of the cross-reference table.', type: 'string', minLength: 1 },
      key: {
        title: 'Key',
        description: 'JSONata giving the lookup key, evaluated against the line (each line) or the message.',
        type: 'string',
        minLength: 1,
        'x-widget': 'jsonata',
      },
      mode: { title: 'Mode', enum: ['lookup', 'uom-convert'], default: 'lookup' },
      eachLine: { title: 'Apply to each line', description: 'Run once per entry of the lines array (lines[*]).', type: 'boolean', default: false },
      linesPath: { title: 'Lines', description: 'Message property holding the lines.', type: 'string', minLength: 1, default: 'payload.lines' },
      target: {
        title: 'Target',
        description: 'lookup: property written with the result, relative to the line (each line) or the message.',
        type: 'string',
      },
      valueColumn: {
        title: 'Value column',
        description: 'lookup: column written to the target (empty = whole row). uom-convert: column holding the converted unit.',
        type: 'string',
        default: '',
      },
      factorColumn: { title: 'Factor column', description: 'uom-convert: column with the multiplier.', type: 'string', minLength: 1, default: 'factor' },
      quantityPath: { title: 'Quantity', description: 'uom-convert: quantity property multiplied by the factor.', type: 'string', minLength: 1, default: 'qty' },
      uomPath: { title: 'Unit', description: 'uom-convert: unit property set from the value column.', type: 'string', minLength: 1, default: 'uom' },
      pricePath: { title: 'Unit price', description: 'uom-convert: optional price property divided by the factor.', type: 'string', default: '' },
      onMiss: {
        title: 'When the key is missing',
        description: 'error: raise XREF_MISS listing every miss; pass-through: leave the value; default: use the default value.',
        enum: ['error', 'pass-through', 'default'],
        default: 'error',
      },
      defaultValue: {
        title: 'Default value',
        description: 'lookup: value written on a miss. uom-convert: factor used on a miss (empty = 1).',
        type: 'string',
        default: '',
      },
    },
    if: { properties: { mode: { const: 'lookup' } } },
    then: { required: ['target'], properties: { target: { minLength: 1 } } },
  },
  docs: `Translates codes through a cross-reference table. A table has a name, columns and rows, and you maintain it under **Cross-reference tables**, or by CSV import. The usual tables are:
- supplier item → SKU;
- partner unit → our unit, with a factor;
- ship-to code → ERP location;
- partner status code → canonical status.

### Configuration
- **Table**: the table name, e.g. \`supplier-items\`.
- **Key**: a JSONata expression giving the key, e.g. \`supplierItem\`, or \`payload.shipTo.code\` when the node does not run per line. \`$partner\` is available, so a table keyed by partner and item can use \`$partner & "|" & supplierItem\`.
- **Apply to each line**: run the lookup for every entry of **Lines** (\`payload.lines\` by default). The key and the target are then relative to the line. For a ship notice, point **Lines** at the items, e.g. \`payload.orders[0].packs[0].items\`.
- **Mode**:
  - \`lookup\`: writes the row's **Value column** (or the whole row when that is empty) to **Target**. For example, set the key to \`supplierItem\`, the value column to \`sku\` and the target to \`sku\`.
  - \`uom-convert\`: multiplies **Quantity** by the row's **Factor column**, sets **Unit** from the **Value column** (when set), and divides **Unit price** (when set) by the factor. Example: the key \`uom\` finds the row \`{uom: "CS", factor: "12", toUom: "EA"}\`, which turns 2 CS at 24.00 into 24 EA at 2.00.
- **When the key is missing**:
  - \`error\`: raises \`XREF_MISS\`, listing every missing key with its path, for example \`$.payload.lines[1]\`.
  - \`pass-through\`: leaves the value as it is.
  - \`default\`: writes **Default value** instead. In \`uom-convert\` mode the default value is the factor, and an empty default means no conversion.

Whatever the policy, every miss is recorded in \`msg.xrefMisses\` as \`[{table, key, path}]\`. An empty key, such as a line without a supplier item, counts as a miss.

### Output
The message, with the looked-up values written in place.
`,
  create(ctx, config) {
    const keyExpression = compileJsonata(config.key, { context: 'key' });
    const linesPath = parsePath(config.linesPath);
    if (config.mode === 'lookup' && !config.target) throw new NodeError('INVALID_CONFIG', 'lookup mode needs a target property');
    const target = config.target ? parsePath(config.target) : [];
    const quantityPath = parsePath(config.quantityPath);
    const uomPath = parsePath(config.uomPath);
    const pricePath = config.pricePath ? parsePath(config.pricePath) : undefined;
    const defaultFactor = config.defaultValue === '' ? 1 : Number(config.defaultValue);
    if (config.mode === 'uom-convert' && config.onMiss === 'default' && !(defaultFactor > 0)) {
      throw new NodeError('INVALID_CONFIG', `default factor "${config.defaultValue}" must be a positive number`);
    }

    function subjectsOf(msg: TradelaneMessage): Subject[] {
      if (!config.eachLine) return [{ value: msg, at: '$' }];
      const lines = getPath(msg, linesPath);
      if (lines === undefined) return [];
      if (!Array.isArray(lines)) throw new NodeError('XREF_NO_LINES', `${toJsonPath('$', linesPath)} is not an array of lines`);
      return lines.map((line, index) => ({ value: line as Record<string, unknown>, at: toJsonPath('$', [...linesPath, index]) }));
    }

    async function keyOf(subject: Subject, bindings: Record<string, unknown>): Promise<string | null> {
      const key = await evaluateJsonata(keyExpression, config.key, subject.value, bindings, `key at ${subject.at}`);
      if (key === undefined || key === null || key === '' || typeof key === 'object') return null;
      return String(key);
    }

    function apply(subject: Subject, row: Record<string, string>): void {
      if (config.mode === 'lookup') {
        if (config.valueColumn && !Object.hasOwn(row, config.valueColumn)) {
          throw new NodeError('XREF_NO_COLUMN', `table "${config.table}" has no column "${config.valueColumn}"; its columns are ${Object.keys(row).join(', ')}`);
        }
        setPath(subject.value, target, config.valueColumn ? row[config.valueColumn] : { ...row });
        return;
      }
      const factor = Number(row[config.factorColumn]);
      if (!(factor > 0)) {
        throw new NodeError('XREF_BAD_FACTOR', `table "${config.table}" has factor "${row[config.factorColumn] ?? ''}" in column "${config.factorColumn}"; a positive number is needed`);
      }
      convert(subject, factor, config.valueColumn ? row[config.valueColumn] : undefined);
    }

    function convert(subject: Subject, factor: number, unit: string | undefined): void {
      const quantity = getPath(subject.value, quantityPath);
      if (typeof quantity === 'number') setPath(subject.value, quantityPath, round(quantity * factor));
      if (unit) setPath(subject.value, uomPath, unit);
      const price = pricePath ? getPath(subject.value, pricePath) : undefined;
      if (pricePath && typeof price === 'number') setPath(subject.value, pricePath, round(price / factor));
    }

    function applyDefault(subject: Subject): void {
      if (config.mode === 'lookup') setPath(subject.value, target, config.defaultValue);
      else if (defaultFactor !== 1) convert(subject, defaultFactor, undefined);
    }

    return {
      async onInput(msg) {
        const bindings = createJsonataBindings({ partnerId: msg.partnerId, xref: ctx.services.xref, clock: ctx.services.clock, extra: { msg } });
        const rows = new Map<string, Promise<Record<string, string> | undefined>>();
        const misses: XrefMiss[] = [];
        for (const subject of subjectsOf(msg)) {
          const key = await keyOf(subject, bindings);
          let row: Record<string, string> | undefined;
          if (key !== null) {
            // Lines often repeat an item; one lookup per distinct key and message.
            if (!rows.has(key)) rows.set(key, ctx.services.xref.lookup(config.table, key));
            row = await rows.get(key);
          }
          if (row) apply(subject, row);
          else misses.push({ table: config.table, key, path: subject.at });
        }
        if (misses.length === 0) return msg;
        msg.xrefMisses = [...(Array.isArray(msg.xrefMisses) ? (msg.xrefMisses as XrefMiss[]) : []), ...misses];
        if (config.onMiss === 'error') {
          const listed = misses.map((miss) => `${miss.key === null ? 'no key' : `"${miss.key}"`} at ${miss.path}`).join(', ');
          throw new NodeError('XREF_MISS', `table "${config.table}" has no row for ${listed}`, { details: { table: config.table, misses } });
        }
        if (config.onMiss === 'default') {
          const missed = new Set(misses.map((miss) => miss.path));
          for (const subject of subjectsOf(msg)) if (missed.has(subject.at)) applyDefault(subject);
        }
        return msg;
      },
    };
  },
});

/** Keeps converted quantities and prices free of binary noise such as 0.30000000000000004. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
