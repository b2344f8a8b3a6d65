/**
 * The Standard Schema interface (https://standardschema.dev), copied as its authors recommend so
 * that pollwise takes zod 4, valibot, arktype and others without depending on any of them. The
 * `status` and `result` options take any value of this type; a schema's output types the result.
 *
 * @example
 * import * as z from 'zod'
 * const Report: StandardSchemaV1<unknown, { url: string }> = z.object({ url: z.string() })
 * const report = await op.wait({ result: Report })   // report: { url: string }
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The validator's Standard Schema properties. */
  readonly '~standard': StandardSchemaV1.Props<Input, Output>
}

/** The types of the Standard Schema interface, as its specification names them. */
export declare namespace StandardSchemaV1 {
  /** What a Standard Schema offers: its vendor, its validate function, and its types. */
  export interface Props<Input = unknown, Output = Input> {
    /** The version of the Standard Schema specification. */
    readonly version: 1
    /** The library that made the schema (`'zod'`, `'valibot'`…). */
    readonly vendor: string
    /** Validates an unknown value: its output, or issues. */
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>
    /** The input and output types, for inference only. */
    readonly types?: Types<Input, Output> | undefined
  }

  /** What `validate` returns: a value or issues. */
  export type Result<Output> = SuccessResult<Output> | FailureResult

  /** A value that passed. */
  export interface SuccessResult<Output> {
    /** The schema's output. */
    readonly value: Output
    /** Absent on success. */
    readonly issues?: undefined
  }

  /** A value that did not pass. */
  export interface FailureResult {
    /** What is wrong, at least one issue. */
    readonly issues: ReadonlyArray<Issue>
  }

  /** One problem with the value. */
  export interface Issue {
    /** What is wrong. */
    readonly message: string
    /** Where, as keys from the root. */
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined
  }

  /** A key in an issue's path. */
  export interface PathSegment {
    /** The property name or index. */
    readonly key: PropertyKey
  }

  /** The input and output types of a schema. */
  export interface Types<Input = unknown, Output = Input> {
    /** What the schema accepts. */
    readonly input: Input
    /** What it outputs. */
    readonly output: Output
  }

  /** The output type of a schema. */
  export type InferOutput<Schema extends StandardSchemaV1> = NonNullable<
    Schema['~standard']['types']
  >['output']
}
