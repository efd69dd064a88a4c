import { Router } from 'express';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { requireAuth } from '../middleware/auth';
import { Order } from '../models/order';

const router = Router();
const orderParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) });

router.get('/orders/:id', requireAuth, async (req: Request, res: Response) => {
  const params = orderParams.safeParse(req.params);
  if (!params.success) {
    res.status(400).json({ error: 'Invalid order id' });
    return;
  }
  const order = await Order.findOne({ _id: params.data.id, customer: req.user.id });
  if (!order) {
    res.status(404).json({ error: 'Order not found' });
    return;
  }
  res.json(order);
});

export default router;
