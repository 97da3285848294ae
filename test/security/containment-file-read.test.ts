// Attack: an http in -> file in -> http response flow serves /etc/passwd or DATA/secret.key (the key that signs admin tokens) to anyone.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, endpointFlow, getText, startAttackable, type Attackable } from './containment-support.js';

let target: Attackable;
let secretKey: string;

beforeAll(async () => {
  target = await startAttackable();
  secretKey = readFileSync(path.join(target.runtime.dataDir, 'secret.key'), 'utf8').trim();
});
afterAll(async () => {
  await target?.runtime.stop();
});

const reader = (id: string, filename: string) => endpointFlow(id, '/read', [{ id: `${id}-file`, type: 'file in', filename, filenameType: 'str', format: 'utf8' }]);

describe('file in cannot serve files outside the files root', () => {
  it('refuses a flow that reads /etc/passwd, even for an admin', async () => {
    const answer = await deploy(target.runtime, target.admin, reader('passwd', '/etc/passwd'));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toContainEqual(expect.objectContaining({ nodeId: 'passwd-file', path: '$.filename', message: expect.stringContaining('outside the files root') }));
    const served = await getText(`${target.runtime.url}/hooks/passwd/read`);
    expect(served.text).not.toContain('root:');
  });

  it('refuses a flow that reads DATA/secret.key by absolute path, by "..", or through a symlink in the files root', async () => {
    const filesRoot = path.join(target.runtime.dataDir, 'files');
    symlinkSync(target.runtime.dataDir, path.join(filesRoot, 'data-link'));
    for (const filename of [path.join(target.runtime.dataDir, 'secret.key'), '../secret.key', 'data-link/secret.key']) {
      const answer = await deploy(target.runtime, target.admin, reader('key', filename));
      expect(answer.status, filename).toBe(400);
      expect(answer.body.details, filename).toContainEqual(expect.objectContaining({ nodeId: 'key-file', path: '$.filename' }));
      const served = await getText(`${target.runtime.url}/hooks/key/read`);
      expect(served.text).not.toContain(secretKey);
    }
  });

  it('an analyst cannot deploy a file reader at all', async () => {
    const answer = await deploy(target.runtime, target.analyst, reader('analyst-read', 'notes.txt'));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toContainEqual({
      nodeId: 'analyst-read-file', path: '$.type',
      message: 'node type "file in" reads files on the server and needs the permission deploy.filesystem, which role "analyst" does not have',
    });
  });

  it('still reads a file inside the files root', async () => {
    const filesRoot = path.join(target.runtime.dataDir, 'files');
    writeFileSync(path.join(filesRoot, 'hello.txt'), 'hello from the files root');
    expect((await deploy(target.runtime, target.admin, reader('inside', 'hello.txt'))).status).toBe(201);
    expect(await getText(`${target.runtime.url}/hooks/inside/read`)).toEqual({ status: 200, text: 'hello from the files root' });
  });
});
