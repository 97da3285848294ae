// `tradelane edi parse FILE` and `tradelane edi generate`: the EDI codec from the command line, JSON on stdout.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EdiError, generateEdi, parseEdi, type EdiDocumentType, type PartyIdentity } from '../nodes/edi/index.js';
import { connect } from './cli-client.js';

export class CommandError extends Error {}

function readInput(file: string, what: string): string;
function readInput(file: string, what: string, bytes: true): Buffer;
function readInput(file: string, what: string, bytes = false): string | Buffer {
  try {
    return bytes ? readFileSync(file) : readFileSync(file, 'utf8');
  } catch (error) {
    throw new CommandError(`cannot read ${what} ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** "ZZ:ACME" or "ACME" (qualifier defaults per standard). */
function party(value: string | undefined, fallback: string): PartyIdentity {
  const text = value ?? fallback;
  const separator = text.indexOf(':');
  return separator > 0 ? { qualifier: text.slice(0, separator), id: text.slice(separator + 1) } : { id: text };
}

export async function ediParse(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { to: { type: 'string', default: 'canonical' } }, strict: true });
  const file = positionals[0];
  if (!file) throw new CommandError('edi parse needs a file: tradelane edi parse FILE [--to canonical|segments|both]');
  if (!['canonical', 'segments', 'both'].includes(values.to)) throw new CommandError(`--to must be canonical, segments or both, got "${values.to}"`);
  // Bytes, not text: parseEdi decodes them (EDIFACT UNOC as Latin-1) and reports byte offsets into the file.
  const bytes = readInput(file, 'EDI file', true);
  try {
    const result = parseEdi(bytes, { to: values.to as 'canonical' | 'segments' | 'both' });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (result.errors.length) {
      for (const problem of result.errors) process.stderr.write(`${file}: ${problem.message}\n`);
      process.exitCode = 1;
    }
  } catch (error) {
    if (error instanceof EdiError) throw new CommandError(`${file}: ${error.message}`);
    throw error;
  }
}

export async function ediGenerate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      type: { type: 'string' }, in: { type: 'string' }, version: { type: 'string' },
      sender: { type: 'string' }, receiver: { type: 'string' }, test: { type: 'boolean', default: false },
      partner: { type: 'string' }, url: { type: 'string' },
    },
    strict: true,
  });
  if (!values.type || !values.in) throw new CommandError('edi generate needs --type (855|856|810|850|997|ORDERS|ORDRSP|DESADV|INVOIC) and --in canonical.json');
  let document: unknown;
  try {
    document = JSON.parse(readInput(values.in, 'canonical document'));
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(`${values.in}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (values.partner) {
    // Partner identifiers and persisted control numbers live in the server: generate there.
    const server = await connect(values.url, 'generate EDI for a partner');
    const result = await server.call<{ text: string }>('POST', '/api/edi/generate', { type: values.type, ...(values.version ? { version: values.version } : {}), document, partnerId: values.partner, test: values.test });
    process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
    return;
  }
  try {
    const result = await generateEdi({
      type: values.type as EdiDocumentType,
      ...(values.version ? { version: values.version } : {}),
      document,
      sender: party(values.sender, process.env.TRADELANE_EDI_SENDER ?? 'ZZ:TRADELANE'),
      receiver: party(values.receiver, process.env.TRADELANE_EDI_RECEIVER ?? 'ZZ:PARTNER'),
      test: values.test,
      lineBreak: '\n',
    });
    process.stdout.write(result.text.endsWith('\n') ? result.text : `${result.text}\n`);
  } catch (error) {
    if (error instanceof EdiError || error instanceof Error) throw new CommandError(`${values.in}: ${error.message}`);
    throw error;
  }
}
