// Serves the built designer (dist/designer) at / with an SPA fallback; sets the security headers of every answer (CSP, no framing, no sniffing).
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { paths } from './paths.js';

/**
 * The designer loads only its own bundle. Monaco starts its workers from blob: URLs and sets inline styles;
 * socket.io connects to the same origin. Nothing may frame it (clickjacking) or be loaded from elsewhere.
 * 'unsafe-eval': the designer validates node forms with ajv, which compiles each schema to a function
 * (canvas/validate.ts). Inline and foreign scripts stay blocked; drop it once the designer validates without code generation.
 */
const DESIGNER_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** JSON answers are never rendered as a page. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

function securityHeaders(policy: string): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
}

/** For everything under /api (mounted before the API routes). */
export const apiSecurityHeaders = securityHeaders(API_POLICY);

/** Mounted after the API, partner and flow endpoints: what reaches it is the designer (or a 404). */
export function mountDesigner(app: Express): void {
  const index = path.join(paths.designerDist, 'index.html');
  app.use(securityHeaders(DESIGNER_POLICY));
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
