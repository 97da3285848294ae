// EDIFACT reader: validates UNB/UNZ, UNG/UNE and UNH/UNT nesting, counts and references while streaming segments.
import { EdiError, byteOffsetOf, type EdiErrorCode } from '../edi-error.js';
import { elementComponents, elementValue, type Segment } from '../segment.js';
import { EdifactTokenizer } from './tokenizer.js';
import type { EdifactDocument, EdifactGroup, EdifactInterchange, EdifactMessage } from './model.js';

export interface EdifactReadOptions {
  /** Throw the first envelope problem (default true); when false, collect problems on the envelope they belong to. */
  strict?: boolean;
  onMessage?(message: EdifactMessage, interchange: EdifactInterchange): void;
  /** Keep messages on the interchange (default true). */
  retainMessages?: boolean;
}

export function readEdifact(text: string, options: EdifactReadOptions = {}): EdifactDocument {
  return new EdifactEnvelopeReader(text, options).read();
}

class EdifactEnvelopeReader {
  private readonly tokenizer: EdifactTokenizer;
  private readonly strict: boolean;
  private readonly document: EdifactDocument = { standard: 'edifact', interchanges: [], errors: [], warnings: [] };
  private interchange: EdifactInterchange | undefined;
  private group: EdifactGroup | undefined;
  private message: EdifactMessage | undefined;
  private messageSegmentCount = 0;

  constructor(private readonly text: string, private readonly options: EdifactReadOptions) {
    this.tokenizer = new EdifactTokenizer(text);
    this.strict = options.strict ?? true;
  }

  read(): EdifactDocument {
    for (let segment = this.nextSegment(); segment; segment = this.nextSegment()) this.accept(segment);
    this.document.warnings = this.tokenizer.warnings;
    if (this.message) {
      this.problem('MISSING_TRAILER', `message ${this.message.type} ${this.message.reference} has no UNT`, this.message.unh, 0, this.message.errors);
      this.closeMessage();
    }
    if (this.group) this.problem('MISSING_TRAILER', `group ${this.group.reference} has no UNE`, this.group.ung, 0, this.group.errors);
    if (this.interchange && !this.interchange.unz) this.problem('MISSING_TRAILER', `interchange ${this.interchange.header.controlReference} has no UNZ`, this.interchange.unb, 0, this.interchange.errors);
    if (!this.document.interchanges.length) throw new EdiError('EMPTY_INPUT', 'no EDIFACT interchange (UNB) found', {});
    return this.document;
  }

  /** The next segment; in lenient mode an unreadable stretch costs only its own interchange, and reading resumes at the next UNB. */
  private nextSegment(): Segment | undefined {
    for (;;) {
      try {
        return this.tokenizer.next();
      } catch (error) {
        if (this.strict || !(error instanceof EdiError)) throw error;
        if (!this.abandon(error)) return undefined;
      }
    }
  }

  private abandon(error: EdiError): boolean {
    // An interchange already closed by its trailer is not the one the unreadable text belongs to.
    const interchange = this.interchange?.unz ? undefined : this.interchange;
    const errors = this.message?.errors ?? interchange?.errors ?? this.document.errors;
    errors.push(error);
    if (this.group) this.group.errors.push(error);
    if (interchange && errors !== interchange.errors) interchange.errors.push(error);
    if (errors !== this.document.errors) this.document.errors.push(error);
    this.closeMessage();
    this.group = undefined;
    this.interchange = undefined;
    if (this.tokenizer.skipToNextInterchange()) return true;
    if (!this.document.interchanges.length) throw error;
    return false;
  }

  private accept(segment: Segment): void {
    if (this.message) {
      if (segment.id === 'UNT') return this.endMessage(segment);
      if (!isEnvelopeSegment(segment.id)) {
        this.message.segments.push(segment);
        this.messageSegmentCount++;
        return;
      }
      this.problem('MISSING_TRAILER', `message ${this.message.type} ${this.message.reference} ends without UNT`, segment, 0, this.message.errors);
      this.closeMessage();
    }
    switch (segment.id) {
      case 'UNA':
        if (segment.index === 0) return;
        break;
      case 'UNB': return this.startInterchange(segment);
      case 'UNZ': return this.endInterchange(segment);
      case 'UNG': return this.startGroup(segment);
      case 'UNE': return this.endGroup(segment);
      case 'UNH': return this.startMessage(segment);
      default: break;
    }
    this.problem(this.interchange ? 'UNEXPECTED_SEGMENT' : 'SEGMENT_OUTSIDE_ENVELOPE', `segment ${segment.id} is not allowed here`, segment, 0, this.interchange?.errors ?? this.document.errors);
  }

  private startInterchange(unb: Segment): void {
    if (this.interchange && !this.interchange.unz) this.problem('MISSING_TRAILER', `interchange ${this.interchange.header.controlReference} has no UNZ`, unb, 0, this.interchange.errors);
    this.group = undefined;
    const syntax = elementComponents(unb, 1);
    const sender = elementComponents(unb, 2);
    const recipient = elementComponents(unb, 3);
    const stamp = elementComponents(unb, 4);
    this.interchange = {
      header: {
        syntaxId: syntax[0] ?? '', syntaxVersion: syntax[1] ?? '', senderId: sender[0] ?? '', senderQualifier: sender[1] ?? '', recipientId: recipient[0] ?? '', recipientQualifier: recipient[1] ?? '',
        date: stamp[0] ?? '', time: stamp[1] ?? '', controlReference: elementValue(unb, 5), applicationReference: elementValue(unb, 7), ackRequested: elementValue(unb, 9) === '1', test: elementValue(unb, 11) === '1',
      },
      delimiters: this.tokenizer.delimiters, hasUna: this.tokenizer.hasUna, unb, groups: [], messages: [], messageCount: 0, errors: [],
    };
    this.document.interchanges.push(this.interchange);
  }

  private endInterchange(unz: Segment): void {
    const interchange = this.interchange;
    if (!interchange || interchange.unz) return this.problem('SEGMENT_OUTSIDE_ENVELOPE', 'UNZ without a matching UNB', unz, 0, this.document.errors);
    if (this.group) {
      this.problem('MISSING_TRAILER', `group ${this.group.reference} has no UNE`, unz, 0, this.group.errors);
      this.group = undefined;
    }
    interchange.unz = unz;
    // UNZ counts groups when the interchange uses them, messages otherwise.
    const counted = interchange.groups.length ? interchange.groups.length : interchange.messageCount;
    this.checkCount(unz, 1, counted, interchange.groups.length ? 'groups' : 'messages', interchange.errors);
    this.checkReference(unz, 2, interchange.header.controlReference, 'UNB 0020', interchange.errors);
  }

  private startGroup(ung: Segment): void {
    const interchange = this.interchange;
    if (!interchange || interchange.unz) return this.problem('SEGMENT_OUTSIDE_ENVELOPE', 'UNG outside an interchange', ung, 0, this.document.errors);
    this.group = { groupId: elementValue(ung, 1), reference: elementValue(ung, 5), ung, messageCount: 0, errors: [] };
    interchange.groups.push(this.group);
  }

  private endGroup(une: Segment): void {
    const group = this.group;
    if (!group) return this.problem('UNEXPECTED_SEGMENT', 'UNE without a matching UNG', une, 0, this.interchange?.errors ?? this.document.errors);
    group.une = une;
    this.checkCount(une, 1, group.messageCount, 'messages', group.errors);
    this.checkReference(une, 2, group.reference, 'UNG 0048', group.errors);
    this.group = undefined;
  }

  private startMessage(unh: Segment): void {
    const interchange = this.interchange;
    if (!interchange || interchange.unz) return this.problem('SEGMENT_OUTSIDE_ENVELOPE', 'UNH outside an interchange', unh, 0, this.document.errors);
    const identifier = elementComponents(unh, 2);
    this.message = {
      reference: elementValue(unh, 1), type: identifier[0] ?? '', version: identifier[1] ?? '', release: identifier[2] ?? '', agency: identifier[3] ?? '', associationCode: identifier[4] ?? '',
      unh, segments: [], errors: [],
    };
    if (this.group) this.message.groupReference = this.group.reference;
    this.messageSegmentCount = 1;
  }

  private endMessage(unt: Segment): void {
    const message = this.message as EdifactMessage;
    message.unt = unt;
    this.messageSegmentCount++;
    this.checkCount(unt, 1, this.messageSegmentCount, 'segments', message.errors);
    this.checkReference(unt, 2, message.reference, 'UNH 0062', message.errors);
    this.closeMessage();
  }

  private closeMessage(): void {
    const message = this.message;
    this.message = undefined;
    const interchange = this.interchange;
    if (!message || !interchange) return;
    interchange.messageCount++;
    if (this.group) this.group.messageCount++;
    if (this.options.retainMessages ?? true) interchange.messages.push(message);
    this.options.onMessage?.(message, interchange);
  }

  private checkCount(segment: Segment, position: number, actual: number, what: string, errors: EdiError[]): void {
    const declared = elementValue(segment, position);
    if (!/^\d{1,10}$/.test(declared)) this.problem('INVALID_VALUE', `${segment.id} element ${position} must be a number of ${what}, got "${declared}"`, segment, position, errors);
    else if (Number(declared) !== actual) this.problem('COUNT_MISMATCH', `${segment.id} declares ${Number(declared)} ${what} but ${actual} were found`, segment, position, errors);
  }

  private checkReference(segment: Segment, position: number, expected: string, header: string, errors: EdiError[]): void {
    const actual = elementValue(segment, position);
    if (actual !== expected) this.problem('CONTROL_NUMBER_MISMATCH', `${segment.id} reference "${actual}" does not match ${header} "${expected}"`, segment, position, errors);
  }

  private problem(code: EdiErrorCode, message: string, segment: Segment, elementPosition: number, errors: EdiError[]): void {
    const error = new EdiError(code, message, { segmentIndex: segment.index, segmentId: segment.id, elementPosition, byteOffset: byteOffsetOf(this.text, segment.offset) });
    if (this.strict) throw error;
    errors.push(error);
    this.document.errors.push(error);
  }
}

/** UNS (section control) is a message segment, so only the envelope tags end a message. */
function isEnvelopeSegment(id: string): boolean {
  return id === 'UNB' || id === 'UNZ' || id === 'UNG' || id === 'UNE' || id === 'UNH' || id === 'UNA';
}
