import { defineConfig } from 'vite';

// The web app (web/) builds into dist/web/, which `sitrep serve` serves. Relative asset paths so the app works
// under any mount point; everything is bundled (map data included): no CDN, no web fonts, no network at run time.
export default defineConfig({
  root: 'web',
  base: './',
  publicDir: false,
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 800,
    // No inline scripts or data: URLs for assets: the server's CSP forbids inline scripts.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
