// Serves the built designer (dist/designer) at / with an SPA fallback; explains how to build it when missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { paths } from './paths.js';

export function mountDesigner(app: Express): void {
  const index = path.join(paths.designerDist, 'index.html');
  app.use(express.static(paths.designerDist, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!api\/|partners\/|demo-erp\/|socket\.io\/|metrics$).*/, (req, res, next) => {
    if (req.method !== 'GET' || !req.accepts('html')) {
      next();
      return;
    }
    if (existsSync(index)) res.sendFile(index, { headers: { 'Cache-Control': 'no-cache' } });
    else res.status(503).type('text/plain').send('The designer is not built yet. Run "npm run build" (npm start does this on first run).');
  });
}
