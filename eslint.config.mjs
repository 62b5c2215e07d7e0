// ESLint (flat config): TypeScript with type information for src/ and test/
// (floating promises and unsafe `any` matter in Node-RED nodes), plain Node.js
// rules for the build/demo/bench scripts, browser rules for the editor script.
// Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier turns
// off the rules that would fight it.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", ".test-out/", "node_modules/", ".matrix/", ".node-red-*/", ".screenshots/"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Specs read JSON answers and poke at Node-RED's test helper, whose values are `any` by nature;
    // the unsafe-any rules guard the shipped code, not the assertions about it.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    files: ["resources/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser, RED: "readonly", $: "readonly", jQuery: "readonly" } },
  },
  prettier,
);
