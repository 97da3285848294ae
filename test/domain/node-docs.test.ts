// docs/nodes is generated from the descriptors: one page per node, and the committed pages must match the descriptors.
import { describe, expect, it } from 'vitest';
import { builtInNodes } from '../../nodes/catalog.js';
import { docFileName, renderIndex, renderNodeDocs, renderNodePage, staleNodeDocs } from '../../scripts/generate-node-docs.js';
import { webhookNode } from '../../nodes/supplier-portal/index.js';

describe('generated node docs', () => {
  it('are up to date with the descriptors (run `npm run docs:nodes` after changing a node)', () => {
    expect(staleNodeDocs(builtInNodes)).toEqual([]);
  });

  it('has one page per node plus the index, with distinct file names', () => {
    const files = renderNodeDocs(builtInNodes);
    expect(files.size).toBe(builtInNodes.length + 1);
    expect(new Set(builtInNodes.map((node) => docFileName(node.type))).size).toBe(builtInNodes.length);
    expect(docFileName('http in')).toBe('http-in.md');
  });

  it('renders label, ports, a config table with types and defaults, and the descriptor docs', () => {
    const page = renderNodePage(webhookNode);
    expect(page).toContain('# webhook out (`tl-webhook`)');
    expect(page).toContain('1. delivered');
    expect(page).toContain('| `timeoutMs` | Timeout (ms) | integer | `10000` | min 100; max 120000 |');
    expect(page).toContain(webhookNode.docs.trim());
  });

  it('lists credentials as secrets and indexes nodes by category with links', () => {
    const erpPost = builtInNodes.find((node) => node.type === 'tl-erp-post')!;
    expect(renderNodePage(erpPost)).toMatch(/## Credentials[\s\S]*`token` \(secret, stored encrypted\)/);
    const index = renderIndex(builtInNodes);
    expect(index).toContain('## intake');
    expect(index).toContain('[webhook out](tl-webhook.md)');
    expect(index.indexOf('## intake')).toBeLessThan(index.indexOf('## canonical'));
  });
});
