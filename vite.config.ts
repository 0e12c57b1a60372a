/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // No modulepreload polyfill: every browser the dashboard supports has modulepreload, and the bytes count
  // against the initial-JS budget (npm run bench).
  build: { outDir: 'dist', sourcemap: true, modulePreload: { polyfill: false } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Several suites start the real server in a child process (`node --import tsx`), which alone can take
    // seconds on a busy 2-core CI machine: a time limit is a hang detector here, never a speed assertion.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
