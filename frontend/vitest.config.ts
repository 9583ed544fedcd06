import { defineConfig } from "vitest/config";
import { lingui } from "@lingui/vite-plugin";
import { linguiMacros } from "./linguiMacros";

// Unit tests of the sync queue and outbox: Node with an in-memory IndexedDB.
export default defineConfig({
  plugins: [linguiMacros(), lingui()],
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
  },
});
