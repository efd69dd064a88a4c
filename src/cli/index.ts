#!/usr/bin/env node
// express-security: the project-level audit command (being written).
process.stdout.write('express-security audit: not available yet\n');
