// D1 designer: time to open a generated 1,000-node flow in Chromium until nodes are on screen, and to pan across it.
import { chromium } from 'playwright-core';
import type { BenchOptions } from '../lib/options.js';
import type { ScenarioResult } from '../lib/report.js';
import { median } from '../lib/stats.js';
import { startRuntime, type FlowNodeJson } from '../servers/tradelane.js';
import { BENCH_ADMIN_PASSWORD } from '../servers/constants.js';
import type { Log } from './log.js';

const CHROMIUM = '/usr/bin/chromium';
const NODE_COUNT = 1000;
const FLOW_ID = 'bench-large-flow';

function largeFlow(count: number): FlowNodeJson[] {
  const nodes: FlowNodeJson[] = [{ id: FLOW_ID, type: 'tab', label: `Generated ${count} nodes` }];
  for (let i = 0; i < count; i++) {
    nodes.push({
      id: `${FLOW_ID}-${i}`, type: 'change', z: FLOW_ID, x: 100 + (i % 25) * 220, y: 80 + Math.floor(i / 25) * 90, name: `step ${i}`,
      rules: [{ t: 'set', p: `payload.s${i}`, pt: 'msg', to: 'true', tot: 'bool' }], wires: [(i + 1) % 25 === 0 || i + 1 >= count ? [] : [`${FLOW_ID}-${i + 1}`]],
    });
  }
  return nodes;
}

export async function runD1(options: BenchOptions, log: Log): Promise<ScenarioResult> {
  const started = performance.now();
  const runs = options.quick ? 3 : 7;
  // The ERP is never called: the flow only holds change nodes.
  const runtime = await startRuntime({ erpUrl: 'http://127.0.0.1:9/unused' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    await runtime.deploy(largeFlow(NODE_COUNT));
    const login = await fetch(`${runtime.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }) });
    const session = JSON.stringify(JSON.stringify(await login.json()));
    const openMs: number[] = [];
    const panMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await context.addInitScript({ content: `localStorage.setItem('tradelane.session', ${session});` });
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${runtime.url}/#/flows/${FLOW_ID}`);
      await page.locator('.react-flow__node').first().waitFor({ state: 'visible', timeout: 60_000 });
      openMs.push(performance.now() - t0);
      // Pan: ten drags across the canvas; the time until the last frame has been painted.
      const box = (await page.locator('.react-flow__pane').boundingBox())!;
      const t1 = performance.now();
      for (let drag = 0; drag < 10; drag++) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2 - 120, { steps: 5 });
        await page.mouse.up();
      }
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
      panMs.push((performance.now() - t1) / 10);
      await context.close();
      log(`bench: D1 run ${run + 1}/${runs}: open ${Math.round(openMs.at(-1)!)} ms, pan ${Math.round(panMs.at(-1)!)} ms per drag`);
    }
    return {
      id: 'D1',
      title: `designer: open a ${NODE_COUNT}-node flow`,
      status: 'ok',
      variants: [
        { name: `open ${NODE_COUNT}-node flow (until first node painted)`, throughput: median(openMs), unit: 'ms' },
        { name: 'pan: one drag across the canvas', throughput: median(panMs), unit: 'ms' },
      ],
      // No baseline: Node-RED's own editor is not part of this product, so D1 reports times only.
      ratios: [],
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await browser.close();
    await runtime.stop();
  }
}
