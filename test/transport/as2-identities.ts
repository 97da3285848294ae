// Throwaway AS2 identities for tests: an RSA key and a self-signed certificate made by openssl, as PEM text and files.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface TestIdentity {
  certificate: string;
  privateKey: string;
  certificateFile: string;
  privateKeyFile: string;
}

export function makeIdentity(dir: string, name: string): TestIdentity {
  const certificateFile = path.join(dir, `${name}.crt`);
  const privateKeyFile = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-days', '2', '-keyout', privateKeyFile, '-out', certificateFile], { stdio: 'pipe' });
  return { certificate: readFileSync(certificateFile, 'utf8'), privateKey: readFileSync(privateKeyFile, 'utf8'), certificateFile, privateKeyFile };
}
