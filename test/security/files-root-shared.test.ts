// The files root: a directory the runtime creates is private (0700); an existing one, perhaps shared like /tmp, keeps its permissions.
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareFilesRoot } from '../../runtime/security/files-root.js';

describe('prepareFilesRoot', () => {
  it('creates a missing root owner-only', () => {
    const root = path.join(mkdtempSync(path.join(tmpdir(), 'tradelane-root-')), 'files');
    prepareFilesRoot(root);
    expect(statSync(root).mode & 0o777).toBe(0o700);
  });

  it('leaves an existing shared directory as it was (pointing the root at /tmp must not lock others out)', () => {
    const shared = mkdtempSync(path.join(tmpdir(), 'tradelane-shared-'));
    chmodSync(shared, 0o1777);
    prepareFilesRoot(shared);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
  });
});
