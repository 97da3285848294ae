// tl-transform: maps a message with a JSONata expression (compiled once per deploy) and writes the result to a property.
import { defineNode, NodeError } from '../sdk/index.js';
import { compileJsonata, createJsonataBindings, evaluateJsonata, stripSequenceMarkers } from '../sdk/jsonata.js';
import { parsePath, setPath } from './message-path.js';

export interface TransformConfig {
  expression: string;
  property: string;
  samples: unknown[];
}

export const transformNode = defineNode<TransformConfig>({
  type: 'tl-transform',
  category: 'canonical',
  label: 'transform',
  summary: 'Maps the message with a JSONata expression; $partner, $xref(table, key) and $now() are available.',
  color: '#E2D96E',
  icon: 'font-awesome/fa-random',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'transformed' }],
  origin: 'tradelane',
  configSchema: {
    type: 'object',
    required: ['expression'],
    additionalProperties: false,
    properties: {
      expression: {
        title: 'Expression',
        description: 'JSONata evaluated against the whole message ($ is msg, so use payload.x).',
        type: 'string',
        minLength: 1,
        'x-widget': 'jsonata',
        default: 'payload',
      },
      property: {
        title: 'Target property',
        description: 'Message property the result is written to.',
        type: 'string',
        minLength: 1,
        default: 'payload',
      },
      samples: {
        title: 'Sample messages',
        description: 'Messages the designer evaluates the expression against for its live preview. Not used at run time.',
        type: 'array',
        default: [],
        'x-widget': 'json',
      },
    },
  },
  docs: `Maps a message with a [JSONata](https://docs.jsonata.org) expression and writes the result to a message property, \`msg.payload\` by default. Use it to map a partner's format onto a canonical document, or the other way round.

The expression is compiled once, at deploy. A syntax error stops the deploy, and the message gives its line and column.

### Evaluation context
- \`$\` is the **whole message**, so you write \`payload.lines\` and \`partnerId\`.
- \`$partner\` is \`msg.partnerId\`.
- \`$xref(table, key)\` looks up a row in a cross-reference table and returns the row object, or nothing when the key is missing. For example, \`$xref("supplier-items", supplierItem).sku\`.
- \`$now()\` is the current time as ISO 8601. It also accepts JSONata's picture and timezone, for example \`$now("[Y0001]-[M01]-[D01]")\`.

### Configuration
- **Expression**: the JSONata mapping.
- **Target property**: where the result goes (\`payload\`, or a path such as \`canonical.ack\`).
- **Sample messages**: messages stored with the node. The designer evaluates the expression against each one as you type and shows the result, or the located error, per sample.

### Output
The message, with the result at the target property. An evaluation error raises \`JSONATA_ERROR\`, and \`msg.failure.details\` gives \`{position, token, line, column}\`.

### Example: a portal acknowledgement to the canonical acknowledgement
\`\`\`jsonata
{
  "poNumber": payload.po,
  "ackDate": $substring($now(), 0, 10),
  "status": payload.accepted ? "accepted" : "changed",
  "partnerId": $partner,
  "lines": payload.items.{
    "line": $number(lineNo),
    "supplierItem": item,
    "sku": $xref("supplier-items", item).sku,
    "status": "accepted",
    "promisedQty": qty,
    "uom": "EA",
    "promisedDate": shipDate
  }[]
}
\`\`\`
`,
  create(ctx, config) {
    const compiled = compileJsonata(config.expression, { context: 'expression' });
    const target = parsePath(config.property);
    if (target.length === 0) throw new NodeError('INVALID_CONFIG', 'target property must name a message property, e.g. payload');
    return {
      async onInput(msg) {
        const bindings = createJsonataBindings({ partnerId: msg.partnerId, xref: ctx.services.xref, clock: ctx.services.clock });
        const result = await evaluateJsonata(compiled, config.expression, msg, bindings);
        setPath(msg, target, stripSequenceMarkers(result));
        return msg;
      },
    };
  },
});
