// Builds large, valid 850 interchanges (N PO1 lines) for the parse benchmark and the large-file test.

export interface Sample850Options {
  lines: number;
  /** Line break after every segment (default "\n"). */
  lineBreak?: string;
}

/** A 004010 850 with `lines` PO1/PID pairs: roughly 110 bytes per line item. */
export function buildSample850({ lines, lineBreak = '\n' }: Sample850Options): string {
  const segments: string[] = [
    'ISA*00*          *00*          *ZZ*BUYERCO        *ZZ*SUPPLIERCO     *261120*1030*U*00401*000000001*0*P*>',
    'GS*PO*BUYERCO*SUPPLIERCO*20261120*1030*1*X*004010',
    'ST*850*0001',
    'BEG*00*SA*PO-BIG-1**20261120',
    'CUR*BY*USD',
    'N1*BY*Northwind Distribution*UL*0614141000012',
    'N1*SE*Acme Fasteners*1*987654321',
    'N1*ST*East distribution center*UL*0614141000029',
    'N3*100 Harbor Way',
    'N4*Newark*NJ*07105*US',
  ];
  for (let line = 1; line <= lines; line++) {
    segments.push(`PO1*${line}*${(line % 97) + 1}*EA*${((line % 1000) / 100 + 0.05).toFixed(2)}*PE*BP*NW-${String(line).padStart(6, '0')}*VP*AC-${String(line * 7).padStart(7, '0')}`);
    segments.push(`PID*F****Item ${line} hex bolt zinc plated`);
  }
  segments.push(`CTT*${lines}`);
  // ST..CTT are everything after ISA and GS; SE counts itself too.
  const setSegments = segments.length - 2 + 1;
  segments.push(`SE*${setSegments}*0001`, 'GE*1*1', 'IEA*1*000000001');
  return segments.join(`~${lineBreak}`) + `~${lineBreak}`;
}
