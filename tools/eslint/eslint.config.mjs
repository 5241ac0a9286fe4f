// The pages' scripts run in a browser, as classic scripts (one IIFE each, ES5-style syntax kept so that
// old browsers at the region's desks still run them); eslint's recommended rules plus a few that catch
// the mistakes a page script makes (globals, unused names, == against non-null).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2017,
      sourceType: "script",
      globals: { ...globals.browser },
    },
    rules: {
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      "no-implicit-globals": "error",
      "eqeqeq": ["error", "allow-null"],
      "no-var": "off",
      "strict": ["error", "function"],
    },
  },
];
