// X12 reader: validates ISA/IEA, GS/GE and ST/SE nesting, counts and control numbers while streaming segments.
import { EdiError, byteOffsetOf, type EdiErrorCode } from '../edi-error.js';
import { elementValue, type Segment } from '../segment.js';
import { X12Tokenizer } from './tokenizer.js';
import type { X12Document, X12Group, X12Interchange, X12InterchangeHeader, X12Transaction } from './model.js';

export interface X12ReadOptions {
  /** Throw the first envelope problem (default true). When false, problems are collected on the envelope they belong to. */
  strict?: boolean;
  /** Called for every complete transaction set, in order. */
  onTransaction?(transaction: X12Transaction, group: X12Group, interchange: X12Interchange): void;
  /** Keep transaction sets on their group (default true). Set false with onTransaction to read huge files in bounded memory. */
  retainTransactions?: boolean;
}

/** Reads a whole X12 text. Tokenizer errors (unreadable text) are always thrown; envelope errors follow `strict`. */
export function readX12(text: string, options: X12ReadOptions = {}): X12Document {
  return new X12EnvelopeReader(text, options).read();
}

class X12EnvelopeReader {
  private readonly tokenizer: X12Tokenizer;
  private readonly strict: boolean;
  private readonly retain: boolean;
  private readonly document: X12Document = { standard: 'x12', interchanges: [], errors: [], warnings: [] };
  private interchange: X12Interchange | undefined;
  private group: X12Group | undefined;
  private transaction: X12Transaction | undefined;

  constructor(private readonly text: string, private readonly options: X12ReadOptions) {
    this.tokenizer = new X12Tokenizer(text);
    this.strict = options.strict ?? true;
    this.retain = options.retainTransactions ?? true;
  }

  read(): X12Document {
    for (let segment = this.nextSegment(); segment; segment = this.nextSegment()) this.accept(segment);
    this.document.warnings = this.tokenizer.warnings;
    if (this.transaction) this.problem('MISSING_TRAILER', `transaction set ${this.transaction.setId} ${this.transaction.controlNumber} has no SE`, this.transaction.st, 0, this.transaction.errors);
    if (this.group) this.problem('MISSING_TRAILER', `functional group ${this.group.controlNumber} has no GE`, this.group.gs, 0, this.group.errors);
    if (this.interchange && !this.interchange.iea) this.problem('MISSING_TRAILER', `interchange ${this.interchange.header.controlNumber} has no IEA`, this.interchange.isa, 0, this.interchange.errors);
    this.closeTransaction();
    this.group = undefined;
    if (!this.document.interchanges.length) throw new EdiError('EMPTY_INPUT', 'no X12 interchange found', {});
    return this.document;
  }

  /**
   * The next segment; in lenient mode an unreadable stretch costs only its own interchange: the error is recorded on it
   * (its open set and group are closed with the error), and reading resumes at the next ISA of a mailbag.
   */
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

  /** Records an unreadable stretch on the interchange it belongs to; returns whether another interchange follows. */
  private abandon(error: EdiError): boolean {
    // An interchange already closed by its trailer is not the one the unreadable text belongs to.
    const interchange = this.interchange?.iea ? undefined : this.interchange;
    const errors = this.transaction?.errors ?? this.group?.errors ?? interchange?.errors ?? this.document.errors;
    errors.push(error);
    if (this.group && errors !== this.group.errors) this.group.errors.push(error);
    if (interchange && errors !== interchange.errors) interchange.errors.push(error);
    if (errors !== this.document.errors) this.document.errors.push(error);
    this.closeTransaction();
    this.group = undefined;
    this.interchange = undefined;
    if (this.tokenizer.skipToNextInterchange()) return true;
    if (!this.document.interchanges.length) throw error;
    return false;
  }

  private accept(segment: Segment): void {
    if (this.transaction) {
      if (segment.id === 'SE') return this.endTransaction(segment);
      if (!isEnvelopeSegment(segment.id)) {
        this.transaction.segments.push(segment);
        this.transactionSegmentCount++;
        return;
      }
      this.problem('MISSING_TRAILER', `transaction set ${this.transaction.setId} ${this.transaction.controlNumber} ends without SE`, segment, 0, this.transaction.errors);
      this.closeTransaction();
    }
    switch (segment.id) {
      case 'ISA': return this.startInterchange(segment);
      case 'IEA': return this.endInterchange(segment);
      case 'GS': return this.startGroup(segment);
      case 'GE': return this.endGroup(segment);
      case 'ST': return this.startTransaction(segment);
      case 'TA1':
        if (this.interchange && !this.group) {
          this.interchange.interchangeAcks.push(segment);
          return;
        }
        break;
      default:
        break;
    }
    this.problem(this.interchange ? 'UNEXPECTED_SEGMENT' : 'SEGMENT_OUTSIDE_ENVELOPE', `segment ${segment.id} is not allowed here`, segment, 0, this.currentErrors());
  }

  private transactionSegmentCount = 0;

  private startInterchange(isa: Segment): void {
    if (this.group) {
      this.problem('MISSING_TRAILER', `functional group ${this.group.controlNumber} has no GE`, isa, 0, this.group.errors);
      this.group = undefined;
    }
    if (this.interchange && !this.interchange.iea) {
      this.problem('MISSING_TRAILER', `interchange ${this.interchange.header.controlNumber} has no IEA`, isa, 0, this.interchange.errors);
    }
    const delimiters = this.tokenizer.delimiters;
    if (!delimiters) throw new EdiError('ISA_TRUNCATED', 'ISA segment without delimiters', { segmentIndex: isa.index, segmentId: 'ISA' });
    const interchange: X12Interchange = { header: interchangeHeader(isa), delimiters, isa, groups: [], interchangeAcks: [], errors: [] };
    this.interchange = interchange;
    this.document.interchanges.push(interchange);
  }

  private endInterchange(iea: Segment): void {
    const interchange = this.interchange;
    if (!interchange || interchange.iea) return this.problem('SEGMENT_OUTSIDE_ENVELOPE', 'IEA without a matching ISA', iea, 0, this.document.errors);
    if (this.group) {
      this.problem('MISSING_TRAILER', `functional group ${this.group.controlNumber} has no GE`, iea, 0, this.group.errors);
      this.group = undefined;
    }
    interchange.iea = iea;
    this.checkCount(iea, 1, interchange.groups.length, 'functional groups', interchange.errors);
    this.checkControl(iea, 2, interchange.header.controlNumber, 'ISA13', interchange.errors, true);
  }

  private startGroup(gs: Segment): void {
    const interchange = this.interchange;
    if (!interchange || interchange.iea) return this.problem('SEGMENT_OUTSIDE_ENVELOPE', 'GS outside an interchange', gs, 0, this.document.errors);
    if (this.group) this.problem('MISSING_TRAILER', `functional group ${this.group.controlNumber} has no GE`, gs, 0, this.group.errors);
    this.group = {
      functionalId: elementValue(gs, 1), senderCode: elementValue(gs, 2), receiverCode: elementValue(gs, 3), date: elementValue(gs, 4), time: elementValue(gs, 5),
      controlNumber: elementValue(gs, 6), agency: elementValue(gs, 7), version: elementValue(gs, 8), gs, transactions: [], transactionCount: 0, errors: [],
    };
    interchange.groups.push(this.group);
  }

  private endGroup(ge: Segment): void {
    const group = this.group;
    if (!group) return this.problem('UNEXPECTED_SEGMENT', 'GE without a matching GS', ge, 0, this.currentErrors());
    group.ge = ge;
    this.checkCount(ge, 1, group.transactionCount, 'transaction sets', group.errors);
    this.checkControl(ge, 2, group.controlNumber, 'GS06', group.errors, true);
    this.group = undefined;
  }

  private startTransaction(st: Segment): void {
    const group = this.group;
    if (!group) return this.problem(this.interchange ? 'UNEXPECTED_SEGMENT' : 'SEGMENT_OUTSIDE_ENVELOPE', 'ST outside a functional group', st, 0, this.currentErrors());
    const transaction: X12Transaction = { setId: elementValue(st, 1), controlNumber: elementValue(st, 2), st, segments: [], errors: [] };
    const reference = elementValue(st, 3);
    if (reference) transaction.implementationReference = reference;
    this.transaction = transaction;
    this.transactionSegmentCount = 1;
  }

  private endTransaction(se: Segment): void {
    const transaction = this.transaction as X12Transaction;
    transaction.se = se;
    this.transactionSegmentCount++;
    this.checkCount(se, 1, this.transactionSegmentCount, 'segments', transaction.errors);
    this.checkControl(se, 2, transaction.controlNumber, 'ST02', transaction.errors, false);
    this.closeTransaction();
  }

  /** Hands a finished set to the caller and the group; a set cut short by a missing SE is closed the same way, with its error. */
  private closeTransaction(): void {
    const transaction = this.transaction;
    const group = this.group;
    this.transaction = undefined;
    if (!transaction || !group || !this.interchange) return;
    group.transactionCount++;
    if (this.retain) group.transactions.push(transaction);
    this.options.onTransaction?.(transaction, group, this.interchange);
  }

  private checkCount(segment: Segment, position: number, actual: number, what: string, errors: EdiError[]): void {
    const declared = elementValue(segment, position);
    if (!/^\d{1,10}$/.test(declared)) {
      this.problem('INVALID_VALUE', `${segment.id}0${position} must be a number of ${what}, got "${declared}"`, segment, position, errors);
    } else if (Number(declared) !== actual) {
      this.problem('COUNT_MISMATCH', `${segment.id}0${position} declares ${Number(declared)} ${what} but ${actual} were found`, segment, position, errors);
    }
  }

  private checkControl(segment: Segment, position: number, expected: string, header: string, errors: EdiError[], numeric: boolean): void {
    const actual = elementValue(segment, position);
    const same = numeric && /^\d+$/.test(actual) && /^\d+$/.test(expected) ? Number(actual) === Number(expected) : actual === expected;
    if (!same) this.problem('CONTROL_NUMBER_MISMATCH', `${segment.id}0${position} "${actual}" does not match ${header} "${expected}"`, segment, position, errors);
  }

  private currentErrors(): EdiError[] {
    return this.group?.errors ?? this.interchange?.errors ?? this.document.errors;
  }

  private problem(code: EdiErrorCode, message: string, segment: Segment, elementPosition: number, errors: EdiError[]): void {
    const error = new EdiError(code, message, { segmentIndex: segment.index, segmentId: segment.id, elementPosition, byteOffset: byteOffsetOf(this.text, segment.offset) });
    if (this.strict) throw error;
    errors.push(error);
    this.document.errors.push(error);
  }
}

function isEnvelopeSegment(id: string): boolean {
  return id === 'ISA' || id === 'IEA' || id === 'GS' || id === 'GE' || id === 'ST';
}

function interchangeHeader(isa: Segment): X12InterchangeHeader {
  const value = (position: number) => elementValue(isa, position);
  return {
    authorizationQualifier: value(1), authorization: value(2).trim(), securityQualifier: value(3), security: value(4).trim(),
    senderQualifier: value(5).trim(), senderId: value(6).trim(), receiverQualifier: value(7).trim(), receiverId: value(8).trim(),
    date: value(9), time: value(10), version: value(12), controlNumber: value(13), ackRequested: value(14) === '1', usage: value(15),
  };
}
