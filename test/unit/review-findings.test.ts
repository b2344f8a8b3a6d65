import { describe, expect, it } from 'vitest'
import { readState } from '../../src/protocols/reading/state.js'

const url = 'https://management.example.com/deployments/d-1/operations/A1B2'
const stateOf = (body: unknown) =>
  readState({ httpStatus: 200, headers: new Headers(), url, body }, {})?.state

describe('a status code beside a terminal state', () => {
  // Azure Resource Manager's deployment operations: the HTTP status the step got, by its name.
  const operation = (provisioningState: string, statusCode: string) => ({
    id: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Resources/deployments/d-1/operations/A1B2',
    operationId: 'A1B2',
    properties: {
      provisioningOperation: 'Create',
      provisioningState,
      timestamp: '2026-12-04T10:00:00Z',
      duration: 'PT3.5S',
      statusCode,
      targetResource: { resourceType: 'Microsoft.Storage/storageAccounts', resourceName: 'st1' },
    },
  })

  it.each(['Created', 'Accepted', 'OK'])(
    'keeps a Succeeded step succeeded beside statusCode %s: an HTTP status name is no running word',
    (statusCode) => {
      expect(stateOf(operation('Succeeded', statusCode))).toBe('succeeded')
    },
  )

  it('still reads a failure word in a status code after an ended flag (AWS Glacier)', () => {
    expect(stateOf({ Completed: true, StatusCode: 'Failed' })).toBe('failed')
    expect(stateOf({ done: true, status_code: 'CANCELLED' })).toBe('canceled')
  })
})
