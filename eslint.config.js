import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The rules of hooks and complete effect dependencies, with no line disabled.
  { files: ['client/**/*.{ts,tsx}'], ...reactHooks.configs['recommended-latest'] },
  { files: ['client/**/*.{ts,tsx}'], rules: { 'react-hooks/exhaustive-deps': 'error' } },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['client/public/sw.js'],
    languageOptions: { globals: { self: 'readonly', caches: 'readonly', fetch: 'readonly', Response: 'readonly', URL: 'readonly' } },
  },
  {
    // shared/ is pure: it runs in the browser and in Node, and never reaches into either side.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '**/server/**', '**/client/**', 'redis', 'express', 'socket.io', 'react'] }],
    },
  },
);
