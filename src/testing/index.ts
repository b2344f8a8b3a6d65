export { simulateOperation } from './simulate-operation.js'
export type {
  SimulatedConvention,
  SimulatedDuration,
  SimulatedOperation,
  SimulatedOutcome,
  SimulatedRequest,
  SimulatedRequestKind,
  SimulatedState,
  Simulation,
  SimulationOptions,
  SubmitMethod,
} from './types.js'
