// The project's ESLint config: the plugin's recommended rules on JavaScript and TypeScript.
import tsParser from '@typescript-eslint/parser';
import security from 'eslint-plugin-express-security';

export default [
  { ignores: ['dist/', 'coverage/'] },
  {
    files: ['**/*.{ts,cts,mts}'],
    languageOptions: { parser: tsParser },
  },
  security.configs.recommended,
];
