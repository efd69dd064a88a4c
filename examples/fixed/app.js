// The same shop API with its defenses in place: it lints clean.
const express = require('express');
const helmet = require('helmet');
const session = require('express-session');
const rateLimit = require('express-rate-limit');
const authRoutes = require('./routes/auth');
const orderRoutes = require('./routes/orders');
const previewRoutes = require('./routes/preview');

const app = express();

app.use(helmet());
app.use(express.json());
app.use(
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
  }),
);

// Every API and tool request counts against a per-client limit; login has its own, stricter one.
const apiLimiter = rateLimit({ windowMs: 60 * 1000, limit: 100 });

app.use('/auth', authRoutes);
app.use('/api', apiLimiter, orderRoutes);
app.use('/tools', apiLimiter, previewRoutes);

app.listen(process.env.PORT || 3000);
