import { defineConfig } from "vite";

// Built into frontend/dist, which Django serves at `/` (WhiteNoise for the assets).
export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, assetsDir: "assets" },
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/_allauth": "http://127.0.0.1:8000" } },
});
