import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The embeddable chat widget: one self-contained script (IIFE, no framework, styles inside)
 * built into web/dist-widget/widget.js, which the server serves at /widget.js.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  publicDir: false,
  build: {
    outDir: '../dist-widget',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    lib: {
      entry: fileURLToPath(new URL('./main.ts', import.meta.url)),
      name: 'FrontdeskWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
});
