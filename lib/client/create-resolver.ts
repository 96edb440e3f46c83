import type { Resolver } from "react-hook-form";
import type { Capabilities } from "@/lib/luma/capabilities";
import type { CreateGenerationInput, CreateGenerationRequest } from "@/lib/validations/generation";

type CreateResolver = Resolver<CreateGenerationInput, unknown, CreateGenerationRequest>;

/**
 * The create form's resolver: the shared zod schema, loaded on first use rather than with the page. zod and the
 * schema are most of the create page's own JavaScript (docs/performance.md); `preload` starts the download when
 * the person first touches the form, so a submit rarely waits for it. A failed download is retried next time.
 */
export function lazyCreateResolver(capabilities: Capabilities): { resolver: CreateResolver; preload: () => void } {
  let loading: Promise<CreateResolver> | null = null;
  const load = () => {
    loading ??= Promise.all([import("@hookform/resolvers/zod"), import("@/lib/validations/generation")]).then(
      ([{ zodResolver }, { createGenerationSchemaFor }]) => zodResolver(createGenerationSchemaFor(capabilities)),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  return {
    resolver: async (values, context, options) => (await load())(values, context, options),
    preload: () => void load().catch(() => undefined),
  };
}
