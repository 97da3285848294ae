// Fixtures built from the conformance files for the fidelity tests and the fuzz test: real-partner variants the standard allows.
import { fixture, recount } from './helpers.js';

/** An 850 whose lines carry only a UPC, an EAN or a vendor part number, with alphanumeric PO101s, no ship-to and no currency. */
export const GTIN_ONLY_850 = recount(fixture('x12-850-4010-crlf.edi').replaceAll('\r\n', '\n')
  .replace('CUR*BY*USD~\n', '')
  .replace('N1*ST*East distribution center*UL*0614141000029~\nN3*100 Harbor Way~\nN4*Newark*NJ*07105*US~\n', '')
  .replace('PO1*1*500*EA*0.42**BP*NW-BOLT-M8*VP*AC-8812~', 'PO1*A1*500*EA*0.42**UP*012345678905~')
  .replace('PO1*2*20*CS*18.5**BP*NW-NUT-M8*VP*AC-7710~', 'PO1*002*20*CS*18.5**EN*4012345000016*MG*MFR-77~'));

/** Line 1 confirmed as a split schedule: 40 on 1 December, 10 backordered to 15 December. */
export const SPLIT_855 = recount(fixture('x12-855-4010.edi').replace('ACK*IA*500*EA*068*20261201~', 'ACK*IA*40*EA*068*20261201~\nACK*IB*10*EA*068*20261215~'));

/** An ORDRSP with a split delivery, a line-level requested date and net and gross prices. */
export const SPLIT_ORDRSP = recount(fixture('edifact-ordrsp-d01b.edi').replaceAll('\r\n', '\n')
  .replace("QTY+113:500:EA'\nDTM+69:20261201:102'\nPRI+AAA:0.42'", "QTY+113:400:EA'\nDTM+69:20261201:102'\nQTY+113:100:EA'\nDTM+69:20261210:102'\nDTM+2:20261130:102'\nPRI+AAA:0.42'\nPRI+AAB:0.5'"));

/** Re-wraps a text at `width` columns, the way old mailboxes deliver it. */
export function wrap(text: string, width: number): string {
  const flat = text.replaceAll('\r\n', '\n').replaceAll('\n', '');
  const lines: string[] = [];
  for (let at = 0; at < flat.length; at += width) lines.push(flat.slice(at, at + width));
  return lines.join('\r\n') + '\r\n';
}
