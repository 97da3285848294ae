// Users with roles (admin, analyst, operator); passwords hashed with bcrypt.
import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { openCollection, type Collection } from './collection.js';

export const ROLES = ['admin', 'analyst', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  username: string;
  role: Role;
  createdAt: string;
}

interface UserRecord {
  _id: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
}

const BCRYPT_COST = 10;

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
    return records.map((record) => ({ username: record._id, role: record.role, createdAt: record.createdAt }));
  }

  async create(username: string, password: string, role: Role): Promise<User> {
    if (await this.users.findOne({ _id: username })) throw new Error(`user "${username}" already exists`);
    const createdAt = new Date().toISOString();
    await this.users.insert({ _id: username, role, passwordHash: await bcrypt.hash(password, BCRYPT_COST), createdAt });
    return { username, role, createdAt };
  }

  async setPassword(username: string, password: string): Promise<boolean> {
    const updated = await this.users.update({ _id: username }, { $set: { passwordHash: await bcrypt.hash(password, BCRYPT_COST) } });
    return updated > 0;
  }

  async remove(username: string): Promise<boolean> {
    return (await this.users.remove({ _id: username }, {})) > 0;
  }

  /** Returns the user when the password matches; compares in constant time through bcrypt. */
  async verify(username: string, password: string): Promise<User | undefined> {
    const record = await this.users.findOne({ _id: username });
    if (!record) {
      await bcrypt.compare(password, '$2b$10$invalidinvalidinvalidinvalidinvalidinvalidinvalidinva'); // same work as a real check
      return undefined;
    }
    return (await bcrypt.compare(password, record.passwordHash)) ? { username: record._id, role: record.role, createdAt: record.createdAt } : undefined;
  }

  /** Creates "admin" on first start; returns the generated password when none was configured. */
  async ensureAdmin(configuredPassword: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
    if ((await this.count()) > 0) return { created: false };
    const password = configuredPassword ?? randomBytes(12).toString('base64url');
    await this.create('admin', password, 'admin');
    return configuredPassword ? { created: true } : { created: true, generatedPassword: password };
  }
}
