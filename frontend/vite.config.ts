import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";
import { lingui } from "@lingui/vite-plugin";
import { linguiMacros } from "./linguiMacros";

// Built into frontend/dist, which Django serves at `/` (WhiteNoise for the assets, the
// Django view for sw.js). The service worker is our own src/sw.ts (injectManifest).
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  // Dexie's ES module build for modern browsers (ES2018+, like our es2022 target): smaller than
  // the UMD build its package points bundlers to, and one copy all the same (docs/assets.md).
  resolve: { alias: [{ find: /^dexie$/, replacement: "dexie/dist/modern/dexie.mjs" }] },
  build: { outDir: "dist", emptyOutDir: true, assetsDir: "assets", target: "es2022" },
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/_allauth": "http://127.0.0.1:8000" } },
  plugins: [
    // Message catalogues (.po) compiled when imported, each language its own lazy chunk.
    linguiMacros(),
    lingui({ failOnCompileError: true }),
    VitePWA({
      strategies: "injectManifest",
      srcDir: "src",
      filename: "sw.ts",
      registerType: "prompt",
      injectRegister: false, // src/pwa.ts registers it (no inline script: the CSP forbids one)
      manifest: {
        id: "/",
        name: "Pain diary",
        short_name: "Pain diary",
        description: "Log your pain in seconds, even offline, and share it with your care team.",
        lang: "en",
        start_url: "/",
        scope: "/",
        display: "standalone",
        theme_color: "#1f4e79",
        background_color: "#ffffff",
        icons: [
          { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
          { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
          { src: "/icons/icon.svg", sizes: "any", type: "image/svg+xml" },
        ],
      },
      injectManifest: { globPatterns: ["**/*.{js,css,html,svg,png}"] },
      devOptions: { enabled: false },
    }),
  ],
});
