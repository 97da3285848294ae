// Which remote files a poll may take: name filters, partial-file protection (size-stable), and a file's identity.
import { NodeError } from '../sdk/index.js';
import type { RemoteFile } from './sftp-client.js';

export type PartialFileCheck = 'size-stable' | 'none';

export interface PickupRules {
  /** Regular expression a file name must match. */
  include: RegExp;
  /** Regular expression for names still being written (e.g. `.part`): never taken. */
  ignore: RegExp | undefined;
  partialFileCheck: PartialFileCheck;
}

/** A file is the same file while its name, size and modification time are: that triple names it in the durable state. */
export function fileIdentity(file: RemoteFile): string {
  return `${file.name}|${file.size}|${file.mtime}`;
}

/**
 * Remembers what the previous poll saw. With 'size-stable', a file is ready once two polls in a row saw the same size and
 * modification time, so a partner still uploading it (its size grows) is left alone until it is complete.
 */
export class PickupSelector {
  private seen = new Map<string, string>();

  constructor(private readonly rules: PickupRules) {}

  /** The files ready now, oldest first (then by name), from one directory listing. */
  ready(listing: readonly RemoteFile[]): RemoteFile[] {
    const candidates = listing.filter((file) => this.rules.include.test(file.name) && !this.rules.ignore?.test(file.name));
    const previous = this.seen;
    this.seen = new Map(candidates.map((file) => [file.name, fileIdentity(file)]));
    const stable = this.rules.partialFileCheck === 'none' ? candidates : candidates.filter((file) => previous.get(file.name) === fileIdentity(file));
    return stable.sort((a, b) => a.mtime - b.mtime || a.name.localeCompare(b.name));
  }

  /** A taken file is forgotten, so a new upload under the same name is watched afresh. */
  taken(file: RemoteFile): void {
    this.seen.delete(file.name);
  }
}

/** Compiles a name pattern from the config; a bad one is reported with the field it came from. */
export function namePattern(source: string, field: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    const message = `not a valid regular expression (${(error as Error).message})`;
    throw new NodeError('INVALID_CONFIG', `${field}: ${message}`, { details: [{ path: field, message }] });
  }
}
