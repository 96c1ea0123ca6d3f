// @ts-check
// ESLint 9 flat config: typescript-eslint type-checked rules for all TypeScript, and for Temporal
// workflow code a ban on Node built-ins (workflows run in a deterministic sandbox; see
// temporalio/samples-typescript .shared/.eslintrc.js).
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert',
  'async_hooks',
  'buffer',
  'child_process',
  'cluster',
  'console',
  'constants',
  'crypto',
  'dgram',
  'diagnostics_channel',
  'dns',
  'domain',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'inspector',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'punycode',
  'querystring',
  'readline',
  'repl',
  'stream',
  'string_decoder',
  'sys',
  'timers',
  'tls',
  'trace_events',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'wasi',
  'worker_threads',
  'zlib',
];

/** src/sla/index.ts reaches calendars and zod; workflow code takes the pure src/sla/clock.ts. */
const slaOutsideTheSandbox = {
  group: ['**/sla/index.js', '**/sla/plan.js', '**/sla/policy.js', '**/calendar/**', '**/domain/codes.js'],
  message: 'Workflow code imports only pure modules: src/sla/clock.js from src/sla, no calendars, no zod atoms.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'src/generated/**',
      'data/**',
      '.data/**',
      'dist/**',
      'coverage/**',
      'test-output/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // Config files outside tsconfig's include are still linted with type information.
          allowDefaultProject: ['*.js', '*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Fastify plugins, hooks and handlers are async by convention (FastifyPluginAsync), with or
      // without an await inside.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The pages' module scripts run in the browser.
    files: ['src/web/static/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in a deterministic sandbox: no Node built-ins (use activities).',
          })),
          patterns: [
            {
              group: ['node:*'],
              message: 'Workflow code runs in a deterministic sandbox: no Node built-ins (use activities).',
            },
            slaOutsideTheSandbox,
          ],
        },
      ],
    },
  },
  {
    // Imported by workflow code too.
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [slaOutsideTheSandbox] }] },
  },
  {
    files: ['src/**/*.ts', 'activities/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src/sla/**', 'src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/sla/clock.js', '**/sla/plan.js', '**/sla/policy.js'],
              message: 'Import the SLA surface from src/sla/index.js.',
            },
          ],
        },
      ],
    },
  },
);
