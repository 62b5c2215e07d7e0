// ESLint (flat config): TypeScript with type information for src/ and test/
// (floating promises and unsafe `any` matter in Node-RED nodes), plain Node.js
// rules for the build/demo/bench scripts, browser rules for the editor script
// (src/editor; resources/ is its build output).
// Formatting is Prettier's job (.prettierrc.json); eslint-config-prettier turns
// off the rules that would fight it.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", ".test-out/", "node_modules/", ".matrix/", ".node-red-*/", ".screenshots/", "resources/"] },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Node-RED's node constructors are functions called with `this`; `const node = this` is the idiom for closures.
      "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["node"] }],
      // A leading underscore marks a parameter a signature needs but the body does not.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
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
      // Fakes implement async interfaces without awaiting; specs require the JavaScript scripts/ helpers;
      // assertions pass methods of the test helper around.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/unbound-method": "off",
      // The secrets specs stringify whatever reaches a log or a message, objects included, on purpose.
      "@typescript-eslint/no-base-to-string": "off",
    },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    // The editor script (built into resources/ with the connection rules in front of it).
    files: ["src/editor/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser, RED: "readonly", $: "readonly", jQuery: "readonly" } },
  },
  prettier,
);
