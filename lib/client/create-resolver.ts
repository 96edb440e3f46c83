import type { Resolver } from "react-hook-form";
import type { Capabilities, CombinationIssue, CombinationRequest } from "@/lib/luma/capabilities";
import type { CreateGenerationInput, CreateGenerationRequest } from "@/lib/validations/generation";

type CreateResolver = Resolver<CreateGenerationInput, unknown, CreateGenerationRequest>;

type CheckCombination = (request: CombinationRequest, capabilities: Capabilities) => CombinationIssue[];

/**
 * The create form's resolver: the shared zod schema, loaded on first use rather than with the page. zod and the
 * schema are most of the create page's own JavaScript (docs/performance.md); `preload` starts the download when
 * the person first touches the form, so a submit rarely waits for it. A failed download is retried next time.
 *
 * The combination check (which options the upstream refuses together, with its English sentences and the camera
 * moves' phrases) arrives with the schema: the form needs it only to word a `custom` error, which only the
 * loaded schema can raise, so `combinationIssues` has nothing to say before then.
 */
export function lazyCreateResolver(capabilities: Capabilities): {
  resolver: CreateResolver;
  preload: () => void;
  combinationIssues: (request: CombinationRequest) => CombinationIssue[];
} {
  let loading: Promise<CreateResolver> | null = null;
  let checkCombination: CheckCombination | null = null;
  const load = () => {
    loading ??= Promise.all([import("@hookform/resolvers/zod"), import("@/lib/validations/generation"), import("@/lib/luma/capabilities")]).then(
      ([{ zodResolver }, { createGenerationSchemaFor }, combination]) => {
        checkCombination = combination.checkCombination;
        return zodResolver(createGenerationSchemaFor(capabilities));
      },
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
    combinationIssues: (request) => checkCombination?.(request, capabilities) ?? [],
  };
}
