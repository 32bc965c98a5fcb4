import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Typed linting (issue 19): the type-checked rules catch dropped and misused promises, which untyped rules cannot.
// `npm run lint` builds @hokusai/auth-client first: without its dist/, every import of it in cli/ is `any`.
const UNTYPED = ['*.js', '*.cjs', '*.mjs', '**/scripts/*.mjs', '.ci/**'];
const TESTS = ['test/**/*.ts', '**/*.spec.ts'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'client/src/generated/**', '.bench-build/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    // Each file is checked against its nearest tsconfig.json: the root one, client/ or cli/.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The piscina worker stays plain CommonJS (ARCHITECTURE.md, Jest); tsconfig's allowJs gives it types (JSDoc).
    files: ['src/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Configs and build or CI scripts sit in no tsconfig (.ci/consumer compiles against the packed tarballs).
    files: UNTYPED,
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read untyped I/O on purpose: supertest's res.body, raw SQL rows, JSON.parse of CLI output, and
    // STYLE.md 17's expect.any(String), all typed `any`, asserted whole with toEqual. The promise rules stay on.
    files: TESTS,
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['cli/src/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '.ci/**'], rules: { 'no-console': 'off' } },
  {
    // The admin console's plain ES modules run in the browser, not in node (src/console/console.module.ts); no
    // tsconfig holds them, so they get the untyped rules.
    files: ['src/console/public/**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['window', 'document', 'navigator', 'sessionStorage', 'fetch', 'URL', 'FormData', 'Node', 'Intl'].map((g) => [
          g,
          'readonly',
        ]),
      ),
    },
  },
);
