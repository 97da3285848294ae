// Which template version and parameters each partner flow was made from (the base of upgrades), stored in nedb as JSON text.
import type { Secrets } from '../../nodes/sdk/index.js';
import { compactNow, openCollection, type Collection } from '../store/collection.js';
import { sealSecrets, secretParams, unsealSecrets } from './template-params.js';
import type { TemplateFile } from './template-types.js';

export interface TemplateInstance {
  flowId: string;
  partnerId: string;
  templateId: string;
  templateVersion: number;
  /** Parameters used, secrets sealed ({"$sealed": ...}). */
  params: Record<string, unknown>;
  partnerName: string;
  flowName: string;
  /** The template exactly as instantiated: the merge base of a later upgrade, even when that version's file is gone. */
  template: TemplateFile;
  createdAt: string;
  updatedAt: string;
}

interface InstanceRecord {
  _id: string;
  templateId: string;
  /** JSON text: nedb forbids "$" keys, which placeholders and sealed secrets contain. */
  json: string;
}

export class TemplateInstanceStore {
  private readonly instances: Collection<InstanceRecord>;

  constructor(dataDir: string) {
    this.instances = openCollection<InstanceRecord>(dataDir, 'template-instances');
  }

  async get(flowId: string): Promise<TemplateInstance | undefined> {
    const record = await this.instances.findOne({ _id: flowId });
    return record ? (JSON.parse(record.json) as TemplateInstance) : undefined;
  }

  async list(templateId?: string): Promise<TemplateInstance[]> {
    const records = await this.instances.find(templateId ? { templateId } : {}).sort({ _id: 1 });
    return records.map((record) => JSON.parse(record.json) as TemplateInstance);
  }

  async put(instance: TemplateInstance): Promise<void> {
    await this.instances.update({ _id: instance.flowId }, { _id: instance.flowId, templateId: instance.templateId, json: JSON.stringify(instance) }, { upsert: true });
  }

  /**
   * Seals secret parameters that an older instance stored in clear, then compacts so the clear lines leave the file.
   * Idempotent: sealed values ({"$sealed": ...}) are not strings and are left alone. Returns how many instances changed.
   */
  async sealPlainSecrets(secrets: Secrets): Promise<number> {
    let sealed = 0;
    for (const instance of await this.list()) {
      const plain = secretParams(instance.template).filter(({ name }) => typeof instance.params[name] === 'string');
      if (!plain.length) continue;
      await this.put({ ...instance, params: sealSecrets(instance.template, instance.params, secrets) });
      sealed++;
    }
    if (sealed) await compactNow(this.instances);
    return sealed;
  }

  /** The flow's template secret values in clear, for the flow store to seal wherever they appear in a version. */
  async secretValues(flowId: string, secrets: Secrets): Promise<string[]> {
    const instance = await this.get(flowId);
    if (!instance) return [];
    const params = unsealSecrets(instance.params, secrets);
    return secretParams(instance.template).map(({ name }) => params[name]).filter((value): value is string => typeof value === 'string' && value.length > 0);
  }

  async remove(flowId: string): Promise<void> {
    await this.instances.remove({ _id: flowId }, {});
  }
}
