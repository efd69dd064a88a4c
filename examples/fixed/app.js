// The same shop API with its defenses in place: it lints clean.
const express = require('express');
const helmet = require('helmet');
const session = require('express-session');
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

app.use('/auth', authRoutes);
app.use('/api', orderRoutes);
app.use('/tools', previewRoutes);

app.listen(process.env.PORT || 3000);
