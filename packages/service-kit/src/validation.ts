import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'

/**
 * TypeBox's compiled checks instead of Fastify's Ajv: Ajv is configured to strip unknown fields silently, and
 * we want them refused. Query strings and params are strings on the wire, so they are converted first and get
 * their schema defaults (`limit` 50); bodies are checked exactly as sent.
 */
export const typeBoxValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema)
  return (input: unknown) => {
    const value = httpPart === 'body' ? input : Value.Convert(schema, Value.Default(schema, Value.Clone(input)))
    if (check.Check(value)) return { value }
    return { error: check.Errors(value) as unknown as FastifySchemaValidationError[] }
  }
}
