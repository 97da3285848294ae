// Test cases of flows in nedb, versioned with the flow: a version's suite is the one saved at it or at the latest version before it.
import type { TestSuite } from '../flow-tests/test-case.js';
import { openCollection, type Collection } from './collection.js';

interface SuiteRecord {
  /** `<flowId>@<version>`: saving again at the same version replaces that version's suite. */
  _id: string;
  flowId: string;
  version: number;
  savedBy: string;
  savedAt: string;
  /** As a string: cases hold request bodies and messages whose keys may start with "$", which nedb forbids. */
  suiteJson: string;
}

export interface StoredSuite extends TestSuite {
  /** The flow version the suite was saved at (0: none saved yet). */
  savedAtVersion: number;
  savedBy?: string;
  savedAt?: string;
}

const EMPTY: StoredSuite = { runBeforeDeploy: false, cases: [], savedAtVersion: 0 };

export class FlowTestStore {
  private readonly suites: Collection<SuiteRecord>;

  constructor(dataDir: string) {
    this.suites = openCollection<SuiteRecord>(dataDir, 'flow-tests');
    void this.suites.ensureIndex({ fieldName: 'flowId' });
  }

  /** The suite a version carries: a new version carries the suite of the version before it until one is saved for it. */
  async forVersion(flowId: string, version: number): Promise<StoredSuite> {
    const [record] = await this.suites.find({ flowId, version: { $lte: version } }).sort({ version: -1 }).limit(1);
    if (!record) return EMPTY;
    return { ...(JSON.parse(record.suiteJson) as TestSuite), savedAtVersion: record.version, savedBy: record.savedBy, savedAt: record.savedAt };
  }

  async save(flowId: string, version: number, suite: TestSuite, savedBy: string): Promise<StoredSuite> {
    const record: SuiteRecord = { _id: `${flowId}@${version}`, flowId, version, savedBy, savedAt: new Date().toISOString(), suiteJson: JSON.stringify({ runBeforeDeploy: suite.runBeforeDeploy, cases: suite.cases }) };
    await this.suites.update({ _id: record._id }, record, { upsert: true });
    return { runBeforeDeploy: suite.runBeforeDeploy, cases: suite.cases, savedAtVersion: version, savedBy, savedAt: record.savedAt };
  }
}
