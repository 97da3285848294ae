// JUnit XML for CI from flow test results: one testsuite per flow, one testcase per case, a failure per failing assertion.
import { XMLBuilder } from 'fast-xml-parser';
import { failureLines } from './flow-test-service.js';
import type { CaseResult, SuiteResult } from './test-runner.js';

export interface FlowSuiteResult {
  flowId: string;
  result: SuiteResult;
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function testCaseElement(flowId: string, testCase: CaseResult): Record<string, unknown> {
  const lines = failureLines(testCase);
  const element: Record<string, unknown> = { '@_classname': `flow.${flowId}`, '@_name': testCase.name, '@_time': seconds(testCase.durationMs) };
  if (testCase.error) element.error = { '@_message': testCase.error.message, '@_type': 'input', '#text': lines.join('\n') };
  else if (!testCase.pass) element.failure = { '@_message': lines[0] ?? 'failed', '@_type': 'assertion', '#text': lines.join('\n') };
  return element;
}

export function junitXml(suites: readonly FlowSuiteResult[]): string {
  const count = (pick: (result: SuiteResult) => number) => suites.reduce((sum, suite) => sum + pick(suite.result), 0);
  const errors = (result: SuiteResult) => result.cases.filter((testCase) => testCase.error).length;
  const time = (result: SuiteResult) => result.cases.reduce((sum, testCase) => sum + (testCase.durationMs ?? 0), 0);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'tradelane flow tests', '@_tests': count((result) => result.cases.length), '@_failures': count((result) => result.failed - errors(result)), '@_errors': count(errors), '@_time': seconds(count(time)),
      testsuite: suites.map(({ flowId, result }) => ({
        '@_name': flowId, '@_tests': result.cases.length, '@_failures': result.failed - errors(result), '@_errors': errors(result), '@_time': seconds(time(result)),
        testcase: result.cases.map((testCase) => testCaseElement(flowId, testCase)),
      })),
    },
  };
  // The builder escapes attribute and text values, so case names and JSON in messages cannot break the XML.
  return `${new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true, processEntities: true }).build(document) as string}`;
}
