// Flat config: typescript-eslint's recommended rules on every TypeScript file,
// plus the architecture's import boundaries (CONTRIBUTING.md, docs/design.md §7):
// the emulator is the test oracle and shares no code with the provider, and
// neither the provider nor the SDK reaches into the emulator.
import tseslint from "typescript-eslint";

const boundary = (groups, message) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: groups, message }] }],
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", ".tools/**", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["emulator/**/*.ts"],
    rules: boundary(
      ["**/provider", "**/provider/**", "pulumi-alicloud-flink", "pulumi-alicloud-flink/**", "**/sdk/**"],
      "The emulator is an independent oracle: it imports nothing from provider/ or sdk/ (CONTRIBUTING.md).",
    ),
  },
  {
    files: ["provider/**/*.ts", "sdk/**/*.ts"],
    rules: boundary(
      ["**/emulator", "**/emulator/**", "pulumi-alicloud-flink/emulator"],
      "provider/ and sdk/ never import the emulator: it is the oracle they are tested against (CONTRIBUTING.md).",
    ),
  },
);
