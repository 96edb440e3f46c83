import coreWebVitals from "eslint-config-next/core-web-vitals";
import typescript from "eslint-config-next/typescript";

// Server errors cross Next's separate module instances (instrumentation vs. each route), where class identity
// does not hold: they are recognised by brand (lib/brand.ts), never with instanceof.
const BRANDED_ERRORS = ["AppError", "LumaError", "MediaDownloadError", "InvalidKeyError", "ObjectNotFoundError"];

const config = [
  ...coreWebVitals,
  ...typescript,
  {
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: `BinaryExpression[operator='instanceof'][right.name=/^(${BRANDED_ERRORS.join("|")})$/]`,
          message: "instanceof fails across Next's module instances: use the class's isX() brand check (lib/brand.ts).",
        },
      ],
    },
  },
  {
    // Type-aware, for TypeScript only: the data layer is async (lib/db/store-types.ts), and a call whose promise is
    // dropped or tested as a truth value (`if (store.x())`) would skip a write or an error silently.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }],
    },
  },
  { ignores: ["**/.next/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "data/**"] },
];

export default config;
