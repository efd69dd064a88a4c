import { Router } from 'express';
import { z } from 'zod';

const router = Router();
const ALLOWED_HOSTS = new Set(['example.com', 'docs.example.com']);
const previewQuery = z.object({ url: z.string().url() });

// Unfurls links to our own sites only: GET /tools/preview?url=https://example.com/...
router.get('/preview', async (req, res) => {
  const parsed = previewQuery.safeParse(req.query);
  if (!parsed.success) return res.status(400).json({ error: 'url must be a URL' });
  const target = new URL(parsed.data.url);
  if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) {
    return res.status(400).json({ error: 'host not allowed' });
  }
  const response = await fetch(target, { redirect: 'error' });
  const html = await response.text();
  res.json({ title: /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? null });
});

export default router;
