import { defineConfig } from "vitest/config";

// Unit tests of the sync queue and outbox: Node with an in-memory IndexedDB.
export default defineConfig({
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test-setup.ts"],
  },
});
