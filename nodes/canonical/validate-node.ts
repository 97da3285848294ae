// tl-validate: checks a message property against a canonical (or inline) JSON Schema, then against JSONata business rules.
import { compileSchema, createAjv, defineNode, NodeError, type JSONSchema, type LocatedProblem, type TradelaneMessage } from '../sdk/index.js';
import { CANONICAL_DOCUMENT_NAMES, isCanonicalDocumentName } from './schemas/index.js';
import { canonicalChecker } from './canonical-validator.js';
import { compileJsonata, createJsonataBindings, describeJsonataError, jsonataBoolean, type JsonataExpression } from '../sdk/jsonata.js';
import { getPath, parsePath } from './message-path.js';
import { businessKeysOf, keyFactsOf, ledgerTypeOf } from './business-keys.js';
import { awaitsAnswer, ledgerErrors, ledgerIdOf } from './ledger-facts.js';

export interface ValidationRule {
  expression: string;
  message: string;
  path?: string;
}

export interface ValidateConfig {
  schema: string;
  inlineSchema?: JSONSchema;
  property: string;
  rules: ValidationRule[];
  onInvalid: 'output' | 'error';
}

function schemaChecker(name: string): (value: unknown) => LocatedProblem[] {
  if (!isCanonicalDocumentName(name)) throw new NodeError('INVALID_CONFIG', `unknown canonical document "${name}"`);
  return canonicalChecker(name);
}

function inlineChecker(schema: JSONSchema | undefined): (value: unknown) => LocatedProblem[] {
  if (!schema || typeof schema !== 'object') throw new NodeError('INVALID_CONFIG', 'schema "inline" needs an inlineSchema');
  try {
    // A fresh ajv per node: two nodes may carry inline schemas with the same $id.
    return compileSchema(createAjv(), schema);
  } catch (error) {
    throw new NodeError('INVALID_CONFIG', `inlineSchema does not compile: ${(error as Error).message}`, { cause: error });
  }
}

interface CompiledRule extends ValidationRule {
  compiled: JsonataExpression;
}

export const validateNode = defineNode<ValidateConfig>({
  type: 'tl-validate',
  category: 'canonical',
  label: 'validate',
  summary: 'Checks a document against a canonical JSON Schema and business rules; invalid messages go to output 2.',
  color: '#8BC34A',
  icon: 'font-awesome/fa-check-square-o',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'valid' }, { label: 'invalid' }],
  origin: 'tradelane',
  configSchema: {
    type: 'object',
    required: ['schema'],
    additionalProperties: false,
    properties: {
      schema: {
        title: 'Schema',
        description: 'Canonical document to validate against, or "inline" to use the schema below.',
        enum: [...CANONICAL_DOCUMENT_NAMES, 'inline'],
        default: 'PurchaseOrderAcknowledgement',
      },
      inlineSchema: {
        title: 'Inline schema',
        description: 'A JSON Schema (draft 2020-12), used when Schema is "inline".',
        type: 'object',
        'x-widget': 'json',
      },
      property: {
        title: 'Property',
        description: 'Message property holding the document.',
        type: 'string',
        minLength: 1,
        default: 'payload',
      },
      rules: {
        title: 'Business rules',
        description: 'JSONata predicates evaluated against the document after the schema passes; a false result fails the rule.',
        type: 'array',
        default: [],
        items: {
          type: 'object',
          required: ['expression', 'message'],
          additionalProperties: false,
          properties: {
            expression: { title: 'Expression', type: 'string', minLength: 1, 'x-widget': 'jsonata' },
            message: { title: 'Message', type: 'string', minLength: 1 },
            path: { title: 'Path', description: 'JSON path the failure is reported at (default $).', type: 'string' },
          },
        },
      },
      onInvalid: {
        title: 'When invalid',
        description: '"output" sends to output 2 with msg.validationErrors; "error" raises VALIDATION_FAILED (Catch / dead letter).',
        enum: ['output', 'error'],
        default: 'output',
      },
    },
    if: { properties: { schema: { const: 'inline' } } },
    then: { required: ['inlineSchema'] },
  },
  docs: `Validates a document, normally \`msg.payload\`, in two steps.

1. **Schema.** Every problem is reported, not just the first, each with the JSON path of the offending value.
2. **Business rules.** These run only when the schema passes, so a rule can rely on the document's shape.

### Configuration
- **Schema**: a canonical document, e.g. \`PurchaseOrderAcknowledgement\`, \`AdvanceShipNotice\` or \`Invoice\`. Choose \`inline\` to paste your own JSON Schema into **Inline schema**.
- **Property**: where the document sits on the message. The default is \`payload\`.
- **Business rules**: a list of JSONata predicates, each with a message. The rule fails when its expression is false or empty.
  - \`$\` is the document.
  - \`$msg\` is the whole message, and \`$partner\` and \`$now()\` are available too.
  - **Path** (optional) is where the failure is reported.
  - A rule that cannot be evaluated counts as failed, and its message says why.
- **When invalid**:
  - \`output\` (the default) sends the message to output 2;
  - \`error\` raises \`VALIDATION_FAILED\`, with the problems in \`msg.failure.details\`, for a Catch node or the dead-letter queue.

The schema and the rule expressions are compiled once, at deploy. A rule with a syntax error stops the deploy, and the message says where the error is.

### Outputs
1. **valid**: the message, unchanged.
2. **invalid**: the message with \`msg.validationErrors = [{path, message}]\`, for example \`{"path": "$.lines[0].promisedQty", "message": "must be >= 0"}\`.

### Ledger
When the message has a ledger document (\`msg.ledgerId\`, set by partner intake or EDI parse), the result is recorded on it:
- **valid**: the business keys found in the document (PO, ack, ASN/shipment, invoice, customer order number) and, for a canonical schema, the document type
  (\`PurchaseOrderAcknowledgement\` → \`acknowledgement\`, \`AdvanceShipNotice\` → \`asn\`, …, also put on \`msg.documentType\`) and the canonical form;
- **invalid**: the located problems as the document's errors. Its status is left to the answer a respond node gives (a 422 makes it \`refused\`);
  without a waiting caller it becomes \`failed\`.

### Example rules for an acknowledgement
| Expression | Message |
|---|---|
| \`status = "rejected" or $count(lines) > 0\` | an accepted or changed acknowledgement must list its lines |
| \`$count(lines[status = "backordered" and $not($exists(promisedDate))]) = 0\` | a backordered line needs a promised date |
`,
  create(ctx, config) {
    const checkSchema = config.schema === 'inline' ? inlineChecker(config.inlineSchema) : schemaChecker(config.schema);
    const propertyPath = parsePath(config.property);
    const rules: CompiledRule[] = config.rules.map((rule, index) => ({
      ...rule,
      compiled: compileJsonata(rule.expression, { context: `rule ${index + 1} (${rule.message})` }),
    }));

    async function checkRules(document: unknown, msg: TradelaneMessage): Promise<LocatedProblem[]> {
      const problems: LocatedProblem[] = [];
      const bindings = createJsonataBindings({ partnerId: msg.partnerId, clock: ctx.services.clock, xref: ctx.services.xref, extra: { msg } });
      for (const rule of rules) {
        const path = rule.path || '$';
        try {
          if (!jsonataBoolean(await rule.compiled.evaluate(document, bindings))) problems.push({ path, message: rule.message });
        } catch (thrown) {
          problems.push({ path, message: `${rule.message} (rule could not be evaluated: ${describeJsonataError(thrown, rule.expression).message})` });
        }
      }
      return problems;
    }

    const canonicalType = config.schema === 'inline' ? undefined : ledgerTypeOf(config.schema);
    /** The type keys are read by: the canonical one, else what intake said the endpoint receives. */
    const typeOf = (msg: TradelaneMessage) => canonicalType ?? (typeof msg.documentType === 'string' ? msg.documentType : undefined);

    function recordValid(msg: TradelaneMessage, document: unknown): void {
      if (canonicalType) msg.documentType = canonicalType;
      const documentId = ledgerIdOf(msg);
      if (!documentId) return;
      const facts = keyFactsOf(typeOf(msg), document);
      ctx.services.ledger.update({ documentId }, {
        keys: businessKeysOf(typeOf(msg), document),
        ...(canonicalType ? { documentType: canonicalType, canonical: document } : {}),
        ...(Object.keys(facts).length ? { facts } : {}),
      });
    }

    function recordInvalid(msg: TradelaneMessage, document: unknown, problems: LocatedProblem[]): void {
      const documentId = ledgerIdOf(msg);
      if (!documentId) return;
      ctx.services.ledger.update({ documentId }, {
        errors: ledgerErrors(problems),
        // An invalid document still names its PO or ASN often enough for support to find it by that number.
        keys: businessKeysOf(typeOf(msg), document),
        ...(awaitsAnswer(msg) ? {} : { status: 'failed' as const }),
      });
    }

    return {
      async onInput(msg) {
        const document = getPath(msg, propertyPath);
        const schemaProblems = checkSchema(document);
        const problems = schemaProblems.length ? schemaProblems : await checkRules(document, msg);
        if (!problems.length) {
          delete msg.validationErrors;
          recordValid(msg, document);
          return [msg, null];
        }
        msg.validationErrors = problems;
        recordInvalid(msg, document, problems);
        if (config.onInvalid === 'error') {
          const first = problems[0]!;
          const more = problems.length > 1 ? ` and ${problems.length - 1} more` : '';
          throw new NodeError('VALIDATION_FAILED', `invalid ${config.schema === 'inline' ? 'document' : config.schema}: ${first.path} ${first.message}${more}`, { details: problems });
        }
        return [null, msg];
      },
    };
  },
});
