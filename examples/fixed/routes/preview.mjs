import { Router } from 'express';

const router = Router();
const ALLOWED_HOSTS = new Set(['example.com', 'docs.example.com']);

// Unfurls links to our own sites only: GET /tools/preview?url=https://example.com/...
router.get('/preview', async (req, res) => {
  let target;
  try {
    target = new URL(String(req.query.url));
  } catch {
    return res.status(400).json({ error: 'url must be a URL' });
  }
  if (target.protocol !== 'https:' || !ALLOWED_HOSTS.has(target.hostname)) {
    return res.status(400).json({ error: 'host not allowed' });
  }
  const response = await fetch(target, { redirect: 'error' });
  const html = await response.text();
  res.json({ title: /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? null });
});

export default router;
