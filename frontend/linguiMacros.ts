import { transformAsync } from "@babel/core";
import type { Plugin } from "vite";

/**
 * Lingui's macros (`t`, `msg`, `plural` from "@lingui/core/macro") compiled by Lingui's own
 * Babel plugin before esbuild sees the file. Only files that import the macros go through
 * Babel; TypeScript and JSX are parsed and printed back untouched for esbuild.
 * (The plugin's native transform has no build for every platform we run on; decision 94.)
 */
export function linguiMacros(): Plugin {
  return {
    name: "paindiary-lingui-macros",
    enforce: "pre",
    async transform(code, id) {
      if (id.includes("/node_modules/") || !/\.[cm]?[jt]sx?$/.test(id.split("?")[0] ?? "")) return null;
      if (!code.includes("@lingui/core/macro")) return null;
      const result = await transformAsync(code, {
        filename: id,
        babelrc: false,
        configFile: false,
        sourceMaps: true,
        parserOpts: { plugins: ["typescript", "jsx"] },
        plugins: ["@lingui/babel-plugin-lingui-macro"],
      });
      if (!result?.code) return null;
      return { code: result.code, map: result.map };
    },
  };
}
