import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/audit/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  sourcemap: false,
  // `require('eslint-plugin-express-security')` returns the plugin itself, not `{ default }`.
  cjsInterop: true,
  splitting: true,
});
