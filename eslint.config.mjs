// @ts-check
// ESLint with typescript-eslint's type-checked rules over the project's TypeScript and CommonJS.
import eslint from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  // Scratch projects are what tests create and delete while the linter may be running beside them.
  { ignores: ["build/", "site/", ".cache/", ".jupyter/", ".vitest/", "**/.scratch-*/"] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["eslint.config.mjs"] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // require() on demand keeps start-up short (TypeScript, BullMQ load only when used) and workers load task modules by path.
      "@typescript-eslint/no-require-imports": "off",
      // async without await says "returns a promise, and a throw rejects it" (iterator methods, fakes, the course's examples).
      "@typescript-eslint/require-await": "off",
      // Passing on a caught value, whatever was thrown, is what a rejection here does.
      "@typescript-eslint/prefer-promise-reject-errors": ["error", { allowThrowingAny: true, allowThrowingUnknown: true }],
      // A leading underscore names a binding kept for its effect: a `using` scope, a loop over a count.
      "@typescript-eslint/no-unused-vars": ["error", { varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: {
      // TypeScript's checkJs already reports undefined names, knowing Node's globals.
      "no-undef": "off",
      // A JSDoc cast is how these files type a parse or a require, and typescript-eslint cannot see one (typescript-eslint#4824).
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
