import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'client/src/generated/**', '**/*.js', '**/*.cjs', '**/*.mjs', '!src/console/public/**/*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['cli/src/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'], rules: { 'no-console': 'off' } },
  // The admin console's plain ES modules run in the browser, not in node (src/console/console.module.ts).
  {
    files: ['src/console/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(['window', 'document', 'navigator', 'sessionStorage', 'fetch', 'URL', 'FormData', 'Node', 'Intl'].map((g) => [g, 'readonly'])),
    },
  },
);
