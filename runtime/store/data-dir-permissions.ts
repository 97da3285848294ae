// Keeps the data directory owner-only: umask 077 for everything the process creates, and existing entries tightened at start (files 0600, directories 0700).
import { chmodSync, lstatSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/**
 * Node-RED, nedb's compaction temp files and libraries we do not control create files with the process umask (0644 by
 * default). Restricting the umask covers every one of them; explicit modes where we create files are a second fence.
 * Worker threads cannot change the umask (tests may start a server in one); there the explicit modes still apply.
 */
function restrictUmask(): void {
  try {
    process.umask(0o077);
  } catch {
    // process.umask() throws in worker threads
  }
}

/** Returns the paths whose mode was widened and is now tightened, for the start-up log. */
function tighten(entry: string, tightened: string[]): void {
  const stat = lstatSync(entry);
  // A symlink's target may lie outside the data directory: it is the operator's, not ours to change.
  if (stat.isSymbolicLink()) return;
  const wanted = stat.isDirectory() ? DIR_MODE : FILE_MODE;
  if ((stat.mode & 0o777) !== wanted) {
    chmodSync(entry, wanted);
    tightened.push(entry);
  }
  if (stat.isDirectory()) for (const child of readdirSync(entry)) tighten(path.join(entry, child), tightened);
}

export function restrictDataDir(dataDir: string): string[] {
  restrictUmask();
  mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  const tightened: string[] = [];
  // The data directory itself may be a symlink (a mounted volume): tighten what it points to.
  tighten(realpathSync(dataDir), tightened);
  return tightened;
}
