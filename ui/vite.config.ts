// Build and test configuration for the journal UI.
// Contract: `vite build` writes a static bundle to ui/dist that Tauri embeds and serves at
// tauri://localhost. Relative asset paths, no source maps, no inline scripts or styles (the
// app's CSP allows only 'self'), a modern WebKit target. Vitest runs the unit tests in Node;
// component tests ask for jsdom with a `// @vitest-environment jsdom` comment.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  base: './',
  // svelteTesting acts in Vitest only: Svelte's browser build, a clean-up after each test.
  plugins: [svelte(), svelteTesting()],
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: ['es2022', 'safari16'],
    sourcemap: false,
    // Keep every asset a separate file: data: URIs for scripts or fonts are not wanted.
    assetsInlineLimit: 0,
    // WebKit supports modulepreload natively; the polyfill is not needed.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
