// fastify's schema compilers for every fastify instance here (the service and the sandbox panel):
// zod validates requests and serialises responses. Given as factories when the instance is made,
// they also keep fastify from loading its defaults, ajv and fast-json-stringify (~100 modules, a
// noticeable part of a cold start), which no route here uses.
import type { FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

export const zodSchemaController: NonNullable<FastifyServerOptions['schemaController']> = {
  // fastify types these factories for ajv's compilers; at run time a factory returns what
  // setValidatorCompiler / setSerializerCompiler would take, which zod's compilers are.
  compilersFactory: {
    buildValidator: (() => validatorCompiler) as unknown as CompilersFactory['buildValidator'],
    buildSerializer: (() => serializerCompiler) as unknown as CompilersFactory['buildSerializer'],
  },
};
