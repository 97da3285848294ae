// Counts what a user does in a browser test (clicks, fills, uploads), so a workflow's cost in user actions is measured, not guessed.
import type { Locator } from 'playwright-core';

export class UserActions {
  private readonly steps: string[] = [];

  get count(): number {
    return this.steps.length;
  }

  /** Every counted action, in order ("click: Onboard supplier"). */
  get log(): readonly string[] {
    return this.steps;
  }

  async click(target: Locator, what: string): Promise<void> {
    await target.click();
    this.steps.push(`click: ${what}`);
  }

  async fill(target: Locator, value: string, what: string): Promise<void> {
    await target.fill(value);
    this.steps.push(`fill: ${what}`);
  }

  async upload(target: Locator, file: { name: string; mimeType: string; buffer: Buffer }, what: string): Promise<void> {
    await target.setInputFiles(file);
    this.steps.push(`upload: ${what}`);
  }
}
