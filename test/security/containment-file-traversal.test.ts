// Attack: a file name with "..", an absolute path or a symlink, written statically or arriving in msg.filename, leaves the files root.
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir } from '../support/runtime-process.js';
import { deploy, deployEndpoint, endpointFlow, flow, getText, startAttackable, type Attackable } from './containment-support.js';

let target: Attackable;
let filesRoot: string;
beforeAll(async () => {
  target = await startAttackable();
  filesRoot = path.join(target.runtime.dataDir, 'files');
});
afterAll(async () => {
  await target?.runtime.stop();
});

/** GET <endpoint>?name=... : the name arrives at run time as msg.filename. */
const dynamic = (id: string, type: 'file' | 'file in') => endpointFlow(id, `/${id}`, [
  { id: `${id}-name`, type: 'change', rules: [{ t: 'set', p: 'filename', pt: 'msg', to: 'payload.name', tot: 'msg' }, { t: 'set', p: 'payload', pt: 'msg', to: 'written by a flow', tot: 'str' }] },
  type === 'file'
    ? { id: `${id}-file`, type: 'file', filename: 'filename', filenameType: 'msg', appendNewline: false, createDir: true, overwriteFile: 'true' }
    : { id: `${id}-file`, type: 'file in', filename: '', format: 'utf8' },
]);

describe('file names are confined to the files root', () => {
  it('the files root exists with mode 0700 and does not contain the data directory', () => {
    expect(statSync(filesRoot).mode & 0o777).toBe(0o700);
    expect(path.relative(filesRoot, path.join(target.runtime.dataDir, 'secret.key')).startsWith('..')).toBe(true);
  });

  it('refuses to start when TRADELANE_FILES_ROOT would contain the data directory', async () => {
    const parent = tempDataDir('tradelane-root-');
    const dataDir = path.join(parent, 'data');
    await expect(startRuntime({ dataDir, args: ['--no-demo'], env: { TRADELANE_FILES_ROOT: parent } })).rejects.toThrow(/contains the data directory/);
  });

  it('refuses static traversal at validation: file, file in and watch', async () => {
    const nodes = flow('static-traversal', [
      { id: 'st-write', type: 'file', filename: '../pwned.txt', filenameType: 'str', appendNewline: false, createDir: false, overwriteFile: 'true' },
      { id: 'st-read', type: 'file in', filename: 'inbox/../../secret.key', format: 'utf8' },
      { id: 'st-watch', type: 'watch', files: 'inbox, /etc', recursive: false },
    ]);
    const answer = await deploy(target.runtime, target.admin, nodes);
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ nodeId: 'st-write', path: '$.filename', message: expect.stringContaining('outside the files root') }),
      expect.objectContaining({ nodeId: 'st-read', path: '$.filename', message: expect.stringContaining('outside the files root') }),
      expect.objectContaining({ nodeId: 'st-watch', path: '$.files', message: expect.stringContaining('"/etc"') }),
    ]));
  });

  it('fails the message when msg.filename leaves the root at run time, and writes nothing outside', async () => {
    const writer = await deployEndpoint(target.runtime, target.admin, dynamic('dyn-write', 'file'));
    expect(writer.status).toBe(201);
    const outside = path.join(target.runtime.dataDir, 'pwned.txt');
    const refused = await getText(`${writer.url}?name=${encodeURIComponent('../pwned.txt')}`);
    expect(refused.status).toBe(500);
    expect(refused.text).toContain('outside the files root');
    expect(existsSync(outside)).toBe(false);

    const inside = await getText(`${writer.url}?name=${encodeURIComponent('outbox/ok.txt')}`);
    expect(inside.status).toBe(200);
    expect(readFileSync(path.join(filesRoot, 'outbox', 'ok.txt'), 'utf8')).toBe('written by a flow');
  });

  it('fails the message for an absolute name or a symlink that leads out of the root', async () => {
    mkdirSync(path.join(filesRoot, 'links'), { recursive: true });
    symlinkSync(target.runtime.dataDir, path.join(filesRoot, 'links', 'data'));
    const reader = await deployEndpoint(target.runtime, target.admin, dynamic('dyn-read', 'file in'));
    expect(reader.status).toBe(201);
    const key = readFileSync(path.join(target.runtime.dataDir, 'secret.key'), 'utf8').trim();
    for (const name of ['/etc/passwd', path.join(target.runtime.dataDir, 'secret.key'), 'links/data/secret.key']) {
      const answer = await getText(`${reader.url}?name=${encodeURIComponent(name)}`);
      expect(answer.status, name).toBe(500);
      expect(answer.text, name).toContain('outside the files root');
      expect(answer.text).not.toContain(key);
      expect(answer.text).not.toContain('root:');
    }
  });
});
