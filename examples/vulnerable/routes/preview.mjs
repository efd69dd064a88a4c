import { Router } from 'express';

const router = Router();

// Unfurls a link pasted by a user: GET /tools/preview?url=https://...
router.get('/preview', async (req, res) => {
  const response = await fetch(req.query.url);
  const html = await response.text();
  res.json({ title: /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? null });
});

export default router;
