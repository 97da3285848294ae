// Users with roles, permission grants and a disabled flag; scrypt password hashes (legacy bcrypt upgraded on login); a session epoch per user.
import { randomBytes, randomUUID } from 'node:crypto';
import { openCollection, type Collection } from './collection.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../security/password-hash.js';
import type { Permission } from '../security/permissions.js';

export const ROLES = ['admin', 'analyst', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  username: string;
  role: Role;
  disabled: boolean;
  /** Permissions granted to this user beyond the role's (security/permissions.ts). */
  grants: Permission[];
  createdAt: string;
}

/** What a token is checked against on every request. */
export interface UserSession extends User {
  /** Changes on re-create, password change, role change and disable: every token carrying an older epoch is refused. */
  epoch: string;
}

export interface UserChanges {
  role?: Role;
  disabled?: boolean;
  grants?: Permission[];
}

interface UserRecord {
  _id: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  /** Absent on users stored before epochs existed; such a user's first login sets one. */
  sessionEpoch?: string;
  disabled?: boolean;
  grants?: Permission[];
}

function toSession(record: UserRecord): UserSession {
  return {
    username: record._id, role: record.role, disabled: record.disabled === true, grants: [...(record.grants ?? [])],
    createdAt: record.createdAt, epoch: record.sessionEpoch ?? '',
  };
}

function toUser(record: UserRecord): User {
  const { epoch: _epoch, ...user } = toSession(record);
  return user;
}

export class UserStore {
  private readonly users: Collection<UserRecord>;

  constructor(dataDir: string) {
    this.users = openCollection<UserRecord>(dataDir, 'users');
  }

  async count(): Promise<number> {
    return this.users.count({});
  }

  async list(): Promise<User[]> {
    const records = await this.users.find({}).sort({ _id: 1 });
    return records.map(toUser);
  }

  async get(username: string): Promise<User | undefined> {
    const record = await this.users.findOne({ _id: username });
    return record ? toUser(record) : undefined;
  }

  /** The user as a token check needs it; undefined when deleted. */
  async session(username: string): Promise<UserSession | undefined> {
    const record = await this.users.findOne({ _id: username });
    return record ? toSession(record) : undefined;
  }

  async create(username: string, password: string, role: Role, grants: Permission[] = []): Promise<User> {
    if (await this.users.findOne({ _id: username })) throw new Error(`user "${username}" already exists`);
    const record: UserRecord = { _id: username, role, passwordHash: await hashPassword(password), createdAt: new Date().toISOString(), sessionEpoch: randomUUID(), disabled: false, grants };
    await this.users.insert(record);
    return toUser(record);
  }

  /** Applies role, disabled and grants; a new role or disabling starts a new epoch (the user's tokens stop working). */
  async update(username: string, changes: UserChanges): Promise<{ before: User; after: User } | undefined> {
    const record = await this.users.findOne({ _id: username });
    if (!record) return undefined;
    const before = toUser(record);
    const revokes = (changes.role !== undefined && changes.role !== record.role) || (changes.disabled === true && !record.disabled);
    const set: Partial<UserRecord> = {
      ...(changes.role !== undefined ? { role: changes.role } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      ...(changes.grants !== undefined ? { grants: [...new Set(changes.grants)].sort() } : {}),
      ...(revokes ? { sessionEpoch: randomUUID() } : {}),
    };
    await this.users.update({ _id: username }, { $set: set });
    return { before, after: toUser({ ...record, ...set }) };
  }

  /** New hash and new epoch: every token issued before is refused. */
  async setPassword(username: string, password: string): Promise<boolean> {
    const updated = await this.users.update({ _id: username }, { $set: { passwordHash: await hashPassword(password), sessionEpoch: randomUUID() } });
    return updated > 0;
  }

  async remove(username: string): Promise<boolean> {
    return (await this.users.remove({ _id: username }, {})) > 0;
  }

  /** Returns the user when the password matches (disabled users too: the caller refuses them). Upgrades legacy hashes. */
  async verify(username: string, password: string): Promise<UserSession | undefined> {
    const record = await this.users.findOne({ _id: username });
    if (!record) {
      await burnPasswordCheck(password);
      return undefined;
    }
    const check = await verifyPassword(password, record.passwordHash);
    if (!check.ok) return undefined;
    const set: Partial<UserRecord> = {
      ...(check.needsRehash ? { passwordHash: await hashPassword(password) } : {}),
      ...(record.sessionEpoch ? {} : { sessionEpoch: randomUUID() }),
    };
    if (Object.keys(set).length) await this.users.update({ _id: username }, { $set: set });
    return toSession({ ...record, ...set });
  }

  /** Creates "admin" on first start; returns the generated password when none was configured. */
  async ensureAdmin(configuredPassword: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.count()) > 0) return { created: false };
    const password = configuredPassword ?? randomBytes(12).toString('base64url');
    await this.create('admin', password, 'admin');
    return configuredPassword ? { created: true } : { created: true, generatedPassword: password };
  }
}
