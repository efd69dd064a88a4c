import { Router } from 'express';
import type { Request, Response } from 'express';
import { requireAuth } from '../middleware/auth';
import { Order } from '../models/order';

const router = Router();

router.get('/orders/:id', requireAuth, async (req: Request, res: Response) => {
  const order = await Order.findOne({ _id: req.params.id, customer: req.user.id });
  if (!order) {
    res.status(404).json({ error: 'Order not found' });
    return;
  }
  res.json(order);
});

export default router;
