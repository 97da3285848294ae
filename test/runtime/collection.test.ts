// A store whose append log ends in a torn line (the process was killed mid-write) still opens with its acknowledged data.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCollection } from '../../runtime/store/collection.js';

describe('openCollection', () => {
  it('drops a torn last line and keeps the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collection-'));
    writeFileSync(path.join(dir, 'things.db'), '{"_id":"a","n":1}\n{"_id":"b","n":2}\n{"_id":"c","n":');
    const things = openCollection<{ _id: string; n: number }>(dir, 'things');
    expect((await things.find({}).sort({ _id: 1 })).map((t) => t._id)).toEqual(['a', 'b']);
  });
});
