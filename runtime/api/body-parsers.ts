// The /api body parsers, run after each route's guard: JSON with a nesting-depth limit everywhere, EDI text on /api/edi.
import express, { type RequestHandler } from 'express';
import { rejectDeepJson } from './body-depth.js';
import { EDI_CONTENT_TYPES } from './edi-routes.js';

export function apiBodyParsers(limitBytes: number): RequestHandler[] {
  const json = express.json({ limit: limitBytes, strict: false, verify: rejectDeepJson() });
  const ediText = express.text({ limit: limitBytes, type: EDI_CONTENT_TYPES });
  // Parsers are per route now, so scope the EDI text parser by path as app.use('/api/edi') did.
  const onlyEdi: RequestHandler = (req, res, next) => (req.path.startsWith('/api/edi/') ? ediText(req, res, next) : next());
  return [json, onlyEdi];
}
