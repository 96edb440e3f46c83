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
  { ignores: [".next/**", "node_modules/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "data/**"] },
];

export default config;
