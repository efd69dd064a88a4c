// A small shop API with the mistakes this plugin finds. Do not deploy it.
const express = require('express');
const session = require('express-session');
const authRoutes = require('./routes/auth');
const orderRoutes = require('./routes/orders');
const previewRoutes = require('./routes/preview');

const app = express();

app.use(express.json());
app.use(
  session({
    secret: 'keyboard cat',
    resave: false,
    saveUninitialized: false,
  }),
);

app.use('/auth', authRoutes);
app.use('/api', orderRoutes);
app.use('/tools', previewRoutes);

app.listen(process.env.PORT || 3000);
