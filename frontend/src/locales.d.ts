/** Lingui's Vite plugin compiles a .po catalogue when it is imported (src/i18n.ts). */
declare module "*.po" {
  import type { Messages } from "@lingui/core";
  export const messages: Messages;
}
