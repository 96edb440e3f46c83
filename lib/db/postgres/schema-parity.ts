import type { GenerationEventRow, GenerationRow, NewGenerationRow } from "@/lib/db/schema";
import type { PgGenerationEventRow, PgGenerationRow, PgNewGenerationRow } from "./schema";

/**
 * Compile-time only: the PostgreSQL rows must have exactly the SQLite rows' shape, or `tsc` fails here.
 * `leaseOwner` is intersected in because the SQLite schema gains the column in the data-layer conversion;
 * once it has it, the intersection changes nothing and can go.
 */
type Flatten<T> = { [K in keyof T]: T[K] };
type IsExactly<A, B> = (<T>() => T extends Flatten<A> ? 1 : 2) extends <T>() => T extends Flatten<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

export type SchemaParity = [
  Assert<IsExactly<PgGenerationRow, GenerationRow & { leaseOwner: string | null }>>,
  Assert<IsExactly<PgNewGenerationRow, NewGenerationRow & { leaseOwner?: string | null }>>,
  Assert<IsExactly<PgGenerationEventRow, GenerationEventRow>>,
];
