/**
 * Test support: a linearizability checker (WGL with memoization, Porcupine-style) and models
 * of kubeno's key/value store and of a simple register.
 *
 * @module
 */

export {
  assertLinearizable,
  type AssertOptions,
  bruteForceLinearizable,
  type CandidateReport,
  checkLinearizability,
  type CheckOptions,
  type CheckResult,
  type CheckStats,
  type ClientId,
  type CompletedOperation,
  type ErrorOutcome,
  explainFailure,
  formatOperation,
  type History,
  HistoryError,
  HistoryRecorder,
  type IndexedOperation,
  isUnknownOutcome,
  type LinearizabilityFailure,
  type Model,
  type Operation,
  type OperationBase,
  type PendingCall,
  type RecorderOptions,
  type SearchStrategy,
  type StepResult,
  UNKNOWN_OUTPUT,
  type UnknownOperation,
  type UnknownOutput,
} from "./linearizability.ts";

export {
  applyKv,
  describeKvOperation,
  describeKvState,
  hashKvState,
  kvCas,
  kvDelete,
  kvGet,
  type KvInput,
  kvModel,
  type KvModelOptions,
  type KvOutput,
  kvPut,
  type KvState,
  type KvValue,
  partitionByKey,
  type RegisterInput,
  registerModel,
  type RegisterOutput,
} from "./kv_model.ts";
