/**
 * Prisma 6.19's query compilers (WebAssembly, one per database), as the generated clients load
 * them (`getRuntime` in the generated clients' internal/class.ts). Only what src/infra/plan-cache.ts uses.
 */
declare module "@prisma/client/runtime/query_compiler_bg.sqlite.mjs" {
  export class QueryCompiler {
    compile(query: string): unknown;
  }
}
declare module "@prisma/client/runtime/query_compiler_bg.postgresql.mjs" {
  export class QueryCompiler {
    compile(query: string): unknown;
  }
}
