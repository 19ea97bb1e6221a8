import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { isPrefectureCode, municipalitiesOf } from '#domain';
import type { AppEnv } from '../env';
import { SCRIPT } from './static/script';
import { STYLE } from './static/style';

// Static assets live in the bundle (no S3, no CDN to run): their URLs carry a content hash, so
// they can be cached for a year and a deploy still shows the new ones at once.

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 10);

export const ASSETS = {
  css: `/assets/app.${hash(STYLE)}.css`,
  js: `/assets/app.${hash(SCRIPT)}.js`,
} as const;

const IMMUTABLE = 'public, max-age=31536000, immutable';

export const assetRoutes = new Hono<AppEnv>()
  .get(ASSETS.css, (c) =>
    c.body(STYLE, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': IMMUTABLE }),
  )
  .get(ASSETS.js, (c) =>
    c.body(SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': IMMUTABLE }),
  )
  // The municipalities of one prefecture, for the region picker.
  .get('/regions/:file{[0-9]{2}\\.json}', (c) => {
    const code = c.req.param('file').slice(0, 2);
    if (!isPrefectureCode(code)) return c.json([], 404);
    const list = municipalitiesOf(code).map((m) => ({ code: m.code, ja: m.ja, kana: m.kana }));
    return c.json(list, 200, { 'cache-control': 'public, max-age=86400' });
  });
