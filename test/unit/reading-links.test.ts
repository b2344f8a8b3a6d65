import { describe, expect, it } from 'vitest'
import { findFailure } from '../../src/protocols/reading/failure.js'
import {
  isFieldPath,
  lastName,
  parentOf,
  readField,
} from '../../src/protocols/reading/field-path.js'
import {
  findInlineResult,
  findResultLinks,
  findStatusLink,
  isJobHandle,
} from '../../src/protocols/reading/links.js'
import { expandTemplate, isUriTemplate } from '../../src/protocols/reading/uri-template.js'

describe('findStatusLink', () => {
  it.each([
    [{ statusUrl: '/v1/jobs/1' }, '/v1/jobs/1'],
    [{ status_url: 'https://a.example/s' }, 'https://a.example/s'],
    [{ statusQueryGetUri: '/runtime/instances/1' }, '/runtime/instances/1'],
    [{ poll_url: '/poll/1' }, '/poll/1'],
    [{ operationLocation: '/operations/1' }, '/operations/1'],
    [{ 'monitor-href': '/m/1' }, '/m/1'],
    [{ StatusLink: '/s/2' }, '/s/2'],
    [{ statusUrl: { href: '/hal/1' } }, '/hal/1'],
    [{ links: { status: '/l/status' } }, '/l/status'],
    [{ _links: { poll: { href: '/l/poll' } } }, '/l/poll'],
    [{ urls: { monitor: '/u/monitor' } }, '/u/monitor'],
    [{ links: { operation: '/l/op' } }, '/l/op'],
    [{ self: '/self' }, '/self'],
    [{ self: { href: '/self-hal' } }, '/self-hal'],
    [{ selfLink: 'https://a.example/ops/1' }, 'https://a.example/ops/1'],
    [{ self_url: './1' }, './1'],
    [{ statusUrl: 'jobs/1' }, 'jobs/1'],
    [{ links: { self: '/l/self' } }, '/l/self'],
    [{ urls: { get: '/predictions/1', cancel: '/predictions/1/cancel' } }, '/predictions/1'],
  ])('finds the link in %j', (body, link) => {
    expect(findStatusLink(body)).toBe(link)
  })

  it('takes the result link of a job handle for where to look next', () => {
    // Gladia answers a transcription's POST with {id, result_url}, the status at result_url.
    expect(findStatusLink({ id: 'j-1', result_url: '/v2/pre-recorded/j-1' })).toBe(
      '/v2/pre-recorded/j-1',
    )
    expect(findStatusLink({ job_id: 7, created_at: 1, download_url: '/d/7' })).toBe('/d/7')
    expect(findStatusLink({ id: 'j-1', result_url: '/r', status_url: '/s' })).toBe('/s')
  })

  it('takes no result link of a body with content beside it: that may be the result', () => {
    expect(findStatusLink({ id: 'j-1', result_url: '/r', text: 'hello' })).toBeUndefined()
    expect(findStatusLink({ result_url: '/r' })).toBeUndefined()
    expect(findStatusLink({ id: 'j-1', audio_url: '/a' })).toBeUndefined()
  })

  it('prefers a named field to links.status, links.status to self, self to links.self', () => {
    expect(findStatusLink({ links: { status: '/b' }, status_url: '/a' })).toBe('/a')
    expect(findStatusLink({ self: '/c', links: { status: '/b' } })).toBe('/b')
    expect(findStatusLink({ links: { self: '/d' }, self: '/c' })).toBe('/c')
    expect(findStatusLink({ links: { self: '/d', poll: '/e' } })).toBe('/e')
  })

  it('skips blank links and takes the next', () => {
    expect(findStatusLink({ statusUrl: '  ', links: { status: '/b' } })).toBe('/b')
    expect(findStatusLink({ statusUrl: { href: '' }, self: '/c' })).toBe('/c')
  })

  it.each([
    ['a status word', { status: 'running' }],
    ['a cancel link', { cancel_url: '/c' }],
    ['a result link', { result_url: '/r' }],
    ['an empty object', {}],
    ['an array', [{ statusUrl: '/a' }]],
    ['a string', '/v1/jobs/1'],
    ['null', null],
    ['a link in another scheme', { statusUrl: 'gs://bucket/status' }],
    ['text with spaces', { statusUrl: 'see the docs' }],
    ['a javascript: link', { status_url: 'javascript:alert(1)' }],
  ])('finds none in %s', (_what, body) => {
    expect(findStatusLink(body)).toBeUndefined()
  })
})

describe('findResultLink', () => {
  it.each([
    [{ result_url: '/r' }, '/r'],
    [{ downloadLink: '/d' }, '/d'],
    [{ download_url: '/d2' }, '/d2'],
    [{ href: '/h' }, '/h'],
    [{ resourceLocation: '/rl' }, '/rl'],
    [{ result_location: '/rl2' }, '/rl2'],
    [{ output_url: '/f' }, '/f'],
    [{ outputUri: 'https://o.example/x' }, 'https://o.example/x'],
    [{ results_url: '/rs' }, '/rs'],
    [{ export_url: '/e' }, '/e'],
    [{ artifactHref: '/a' }, '/a'],
    [{ report_link: '/rep' }, '/rep'],
    [{ response_url: '/resp' }, '/resp'],
    // Scaleway's tasks: the link word first.
    [{ href_result: '/servers/1' }, '/servers/1'],
    [{ output_url: 'out.csv' }, 'out.csv'],
    [{ links: { download: 'files/1' } }, 'files/1'],
    [{ url: '/bare' }, '/bare'],
    [{ uri: '/bare-uri' }, '/bare-uri'],
    [{ link: { href: '/bare-hal' } }, '/bare-hal'],
    [{ links: { result: '/l/r' } }, '/l/r'],
    [{ _links: { output: { href: '/l/o' } } }, '/l/o'],
    [{ urls: { download: '/u/d' } }, '/u/d'],
    [{ links: { file: '/l/f' } }, '/l/f'],
    [{ links: { artifact: '/l/a' } }, '/l/a'],
  ])('finds the link in %j', (body, link) => {
    expect(findResultLinks(body)[0]).toBe(link)
  })

  it('takes the known fields in their order, whatever the body’s order', () => {
    expect(findResultLinks({ href: '/h', download_url: '/d', result_url: '/r' })[0]).toBe('/r')
    expect(findResultLinks({ href: '/h', download_link: '/dl', download_url: '/d' })[0]).toBe('/dl')
  })

  it('reads only http(s) URLs and paths as links, passing over the rest', () => {
    expect(
      findResultLinks({ result_url: 's3://b/k', download_url: 'https://x.example/y' })[0],
    ).toBe('https://x.example/y')
    expect(findResultLinks({ file_url: 'gs://b/o', url: '../up/o' })[0]).toBe('../up/o')
    expect(findResultLinks({ url: 'HTTPS://X.EXAMPLE/Y' })[0]).toBe('HTTPS://X.EXAMPLE/Y')
    expect(findResultLinks({ url: '//cdn.example.com/o' })[0]).toBe('//cdn.example.com/o')
    expect(findResultLinks({ url: 'app.example.com', link: './o' })[0]).toBe('./o')
  })

  it('takes a named result link before a bare url, and a bare url before links', () => {
    expect(findResultLinks({ url: '/bare', output_url: '/f' })[0]).toBe('/f')
    expect(findResultLinks({ links: { result: '/l' }, uri: '/bare' })[0]).toBe('/bare')
  })

  it.each([
    'audio_url',
    'media_url',
    'video_url',
    'image_url',
    'file_url',
    'document_url',
    'contentUrl',
    'asset_url',
    'archive_url',
    'signed_url',
    'presignedUrl',
    'source_url',
  ])(
    'passes over %s: named for a kind of content, it names the input as often as the output',
    (name) => {
      expect(findResultLinks({ [name]: 'https://in.example.com/a' })).toEqual([])
    },
  )

  it.each([
    ['a status link', { status_url: '/s' }],
    ['a callback link', { callback_url: '/cb' }],
    ['a thumbnail', { thumbnail_url: '/t' }],
    ['a links.self', { links: { self: '/self' } }],
    ['an inline result', { result: { rows: 3 } }],
    ['a blank link', { result_url: '' }],
    ['a gs:// link', { output_uri: 'gs://bucket/out.json' }],
    ['a bare url that is no path', { url: 'app.example.com' }],
    ['a bare uri that is a file name', { uri: 'out.csv' }],
    ['a mailto link', { link: 'mailto:ops@example.com' }],
    ['an empty object', {}],
  ])('finds none in %s', (_what, body) => {
    expect(findResultLinks(body)[0]).toBeUndefined()
  })
})

describe('findInlineResult', () => {
  it.each([
    [{ result: { rows: 3 } }, { rows: 3 }],
    [{ response: 'r' }, 'r'],
    [{ output: [1, 2] }, [1, 2]],
    [{ data: 0 }, 0],
    [{ results: [] }, []],
    [{ outputs: 'o' }, 'o'],
    [{ analyzeResult: { pages: 1 } }, { pages: 1 }],
    [{ job_output: 'j' }, 'j'],
    [{ testResults: [1] }, [1]],
    [{ result: null }, null],
    [{ result: false }, false],
  ])('finds the value in %j', (body, value) => {
    expect(findInlineResult(body)).toStrictEqual({ value })
  })

  it('takes the known names in their order, whatever the body’s order', () => {
    expect(findInlineResult({ data: 'd', output: 'o', response: 'p', result: 'r' })).toStrictEqual({
      value: 'r',
    })
    expect(findInlineResult({ analyzeResult: 'a', data: 'd' })).toStrictEqual({ value: 'd' })
  })

  it('passes over an empty field found by its ending for the next one that holds something', () => {
    expect(findInlineResult({ compile_output: null, run_output: 'ok' })).toStrictEqual({
      value: 'ok',
    })
  })

  it.each([
    ['an error result', { errorResult: 'e' }],
    ['failed outputs', { failed_outputs: ['x'] }],
    ['a result link', { resultUrl: '/r' }],
    ['an undefined result', { result: undefined }],
    ['an empty object', {}],
    // Judge0's submission: the compiler's output, empty beside a program that ran.
    ['a null field found by its ending', { compile_output: null, stdout: 'hi' }],
    ['an empty string found by its ending', { job_output: '' }],
  ])('finds none in %s', (_what, body) => {
    expect(findInlineResult(body)).toBeUndefined()
  })
})

describe('isJobHandle', () => {
  it.each([
    { id: '100', name: 'foo' },
    { id: 1 },
    { run_id: 5, number_in_job: 1 },
    { jobId: 'j-1' },
    { JobID: 'j-1' },
    { operationName: 'operations/42' },
    { uuid: 'u', created_at: '2024-01-01T00:00:00Z' },
    { video_id: 'abc', timestamp: 1700000000 },
    { name: 'foo', submitted_at: 1 },
    { ticket: 't', createdDate: 'today' },
    { id: 'j', eta: 30, queue_position: 3, expires_at: 'soon' },
    { error: null, data: { video_id: 'v1' } },
    { code: 0, message: 'ok', requestId: 'r', data: { task_id: 't' } },
    { job: { id: 1, name: 'n' } },
  ])('reads %j as a handle', (body) => {
    expect(isJobHandle(body)).toBe(true)
  })

  it.each([
    ['a field that is no identifier', { id: 1, title: 'x' }],
    ['a status beside the id', { id: 1, status: 'running' }],
    ['a nested object', { id: { value: 1 } }],
    ['a nested array', { id: 1, ids: [1, 2] }],
    ['a null id', { id: null }],
    ['a boolean id', { id: true }],
    ['a time alone', { created_at: '2024-01-01' }],
    ['a word that only contains id', { idea: 'x' }],
    ['a key and its value', { key: 'k', value: 'v' }],
    ['an empty object', {}],
    ['an empty object under one key', { data: {} }],
    ['content under one key', { code: 0, data: { id: 1, title: 'x' } }],
    ['a handle beside other content', { data: { id: 1 }, meta: { page: 1 } }],
    ['a handle two levels down', { data: { job: { id: 1 } } }],
    ['an array of handles', [{ id: 1 }]],
    ['a string', 'id'],
    ['null', null],
  ])('does not read %s as a handle', (_what, body) => {
    expect(isJobHandle(body)).toBe(false)
  })
})

describe('findFailure', () => {
  it.each([
    [{ error: 'boom' }, 'boom'],
    [{ error: { code: 3, message: 'bad' } }, { code: 3, message: 'bad' }],
    [{ failureReason: 'quota' }, 'quota'],
    [{ fault: { code: 'F' } }, { code: 'F' }],
    [{ errorResult: 'r' }, 'r'],
    [{ errors: ['a', 'b'] }, ['a', 'b']],
  ])('takes the one failure field of %j', (body, detail) => {
    expect(findFailure(body)).toStrictEqual(detail)
  })

  it('gathers several failure fields into an object, in the body’s order', () => {
    expect(findFailure({ status: 'failed', error_code: 'E1', error_message: 'm' })).toStrictEqual({
      error_code: 'E1',
      error_message: 'm',
    })
  })

  it('takes a failure field before a message', () => {
    expect(findFailure({ message: 'm', error: 'e' })).toBe('e')
  })

  it.each([
    [{ message: 'm' }, 'm'],
    [{ reason: 'r' }, 'r'],
    [{ detail: 'd' }, 'd'],
    [{ details: ['d'] }, ['d']],
    [{ status_message: 's' }, 's'],
    [{ stateDetails: 'sd' }, 'sd'],
    [{ state_reason: 'sr' }, 'sr'],
    [{ StatusReason: 'SR' }, 'SR'],
    [{ stateMessage: 'sm' }, 'sm'],
    [{ reason: 'first', message: 'second' }, 'first'],
    // Conductor's workflows; Semaphore's pipelines.
    [{ reasonForIncompletion: 'task ship failed' }, 'task ship failed'],
    [{ result: 'failed', result_reason: 'test' }, 'test'],
    // A reason's code classifies it; the message says it.
    [{ reasonCode: 'E42', message: 'bad input' }, 'bad input'],
  ])('falls back to the message of %j', (body, detail) => {
    expect(findFailure(body)).toStrictEqual(detail)
  })

  it('falls back to the output, then the result, after any message', () => {
    expect(findFailure({ output: { log: 'x' } })).toStrictEqual({ log: 'x' })
    expect(findFailure({ result: 'partial' })).toBe('partial')
    expect(findFailure({ output: 'o', message: 'm' })).toBe('m')
  })

  it('ignores booleans and empty values', () => {
    const body = {
      has_error: true,
      error: '',
      errors: [],
      failure: {},
      error_detail: null,
      errorInfo: undefined,
      message: 'the message',
    }
    expect(findFailure(body)).toBe('the message')
    expect(findFailure({ error: false, message: '', output: [] })).toBeUndefined()
  })

  it('finds nothing in a body that says only that it failed', () => {
    expect(findFailure({ status: 'failed', id: 7 })).toBeUndefined()
  })
})

describe('field paths', () => {
  const body = { status: { state: 'RUNNING' }, jobs: [{ id: 'j-0' }, { id: 'j-1' }], none: null }

  it.each([
    ['status', { state: 'RUNNING' }],
    ['status.state', 'RUNNING'],
    ['jobs.1.id', 'j-1'],
    ['jobs.0', { id: 'j-0' }],
    ['none', null],
    ['status.missing', undefined],
    ['none.deeper', undefined],
    ['jobs.2.id', undefined],
    ['jobs.length', undefined],
    ['toString', undefined],
    ['status.state.length', undefined],
  ])('readField reads %s', (path, value) => {
    expect(readField(body, path)).toStrictEqual(value)
  })

  it('readField reads a digit name as a key of an object, and nothing from a non-object', () => {
    expect(readField({ 0: 'zero' }, '0')).toBe('zero')
    expect(readField('text', 'length')).toBeUndefined()
    expect(readField(null, 'a')).toBeUndefined()
  })

  it.each(['status', 'status.state', 'jobs.0.id', 'run_id', 'status-code', '$ref'])(
    'isFieldPath accepts %j',
    (path) => {
      expect(isFieldPath(path)).toBe(true)
    },
  )

  it.each(['', '.a', 'a.', 'a..b', '/jobs/{id}', '{id}', 'https://x', 'a b', 'a?b', 'a#b', 'a/b'])(
    'isFieldPath refuses %j',
    (path) => {
      expect(isFieldPath(path)).toBe(false)
    },
  )

  it('parentOf is the body for one name, and the object above the last name', () => {
    expect(parentOf(body, 'status')).toBe(body)
    expect(parentOf(body, 'status.state')).toBe(body.status)
    expect(parentOf(body, 'jobs.1.id')).toBe(body.jobs[1])
    expect(parentOf(body, 'missing.state')).toBeUndefined()
  })

  it('lastName is the name after the last dot', () => {
    expect(lastName('state.is_done')).toBe('is_done')
    expect(lastName('done')).toBe('done')
    expect(lastName('a.b.c')).toBe('c')
  })
})

describe('URI templates', () => {
  it.each(['/jobs/{id}', '/v1/{+name}', '{a}', '/x/{ job.id }/y'])(
    'isUriTemplate accepts %j',
    (value) => {
      expect(isUriTemplate(value)).toBe(true)
    },
  )

  it.each(['/jobs/id', '{}', 'status.state', '/jobs/{', '}{', ''])(
    'isUriTemplate refuses %j',
    (value) => {
      expect(isUriTemplate(value)).toBe(false)
    },
  )

  it.each([
    ['/v1/jobs/{id}', { id: 'a b' }, '/v1/jobs/a%20b'],
    ['/v1/jobs/{id}', { id: 'a/b?c#d&e' }, '/v1/jobs/a%2Fb%3Fc%23d%26e'],
    ['/v1/{+name}', { name: 'operations/42' }, '/v1/operations/42'],
    ['/v1/{+name}', { name: 'a b/c?d' }, '/v1/a%20b/c?d'],
    ['/jobs/{job.id}/runs/{run}', { job: { id: 'j-1' }, run: 3 }, '/jobs/j-1/runs/3'],
    ['/jobs/{jobs.0.id}', { jobs: [{ id: 'first' }] }, '/jobs/first'],
    ['/n/{n}', { n: 1.5 }, '/n/1.5'],
    ['/n/{n}', { n: 0 }, '/n/0'],
    ['/n/{n}', { n: -2 }, '/n/-2'],
    ['/u/{u}', { u: 'é' }, '/u/%C3%A9'],
    ['/x/{ id }', { id: 'spaced' }, '/x/spaced'],
    ['/static/path', {}, '/static/path'],
  ])('expands %s over %j to %s', (template, body, value) => {
    expect(expandTemplate(template, body)).toStrictEqual({ value })
  })

  it.each([
    ['/jobs/{id}', {}, 'id'],
    ['/jobs/{id}', { id: '' }, 'id'],
    ['/jobs/{id}', { id: null }, 'id'],
    ['/jobs/{id}', { id: true }, 'id'],
    ['/jobs/{id}', { id: { x: 1 } }, 'id'],
    ['/jobs/{id}', { id: ['a'] }, 'id'],
    ['/jobs/{id}', { id: Number.POSITIVE_INFINITY }, 'id'],
    ['/jobs/{id}', { id: Number.NaN }, 'id'],
    ['/jobs/{id}', 'text', 'id'],
    ['/v1/{+name}', {}, 'name'],
    ['/a/{x}/b/{y}', {}, 'x'],
    ['/a/{x}/b/{y}', { x: '1' }, 'y'],
    ['/a/{x}/b/{y}', { y: '2' }, 'x'],
    ['/a/{ job.id }', { job: {} }, 'job.id'],
  ])('reports %s over %j as missing %s', (template, body, missing) => {
    expect(expandTemplate(template, body)).toStrictEqual({ missing })
  })
})

describe('findResultLinks: every candidate, best first', () => {
  it('lists the named link, then a bare url, then a links entry', () => {
    expect(
      findResultLinks({ links: { result: '/l' }, url: '/u', output_url: '/o', href: '/h' }),
    ).toEqual(['/h', '/o', '/u', '/l'])
  })
})

describe('findStatusLink: never a callback the server makes', () => {
  it.each([{ statusCallbackUrl: 'https://me.example/hook' }, { status_webhook_url: '/hook' }])(
    'finds none in %j',
    (body) => {
      expect(findStatusLink(body)).toBeUndefined()
    },
  )

  it('reads selfLink, and a self that is a path or an http(s) URL only', () => {
    expect(findStatusLink({ selfLink: 'https://x.example/ops/1' })).toBe('https://x.example/ops/1')
    expect(findStatusLink({ self: 'api.example.com/jobs/1' })).toBeUndefined()
  })
})

describe('isJobHandle: the answer’s own fields aside', () => {
  it.each([
    { id: 'x', error: null },
    { id: 'x', success: true },
    { success: true, message: 'Created', response: { message: 'ok', id: 'r1' } },
    { sdGenerationJob: { generationId: 'g1', apiCreditCost: 5 } },
    { dubbing_id: 'd1', expected_duration_sec: 12.5 },
  ])('reads %j as a handle', (body) => {
    expect(isJobHandle(body)).toBe(true)
  })
})

describe('findFailure: names by their words', () => {
  it('does not take a field whose name only contains "fault" for a failure', () => {
    expect(findFailure({ defaultRegion: 'eu', message: 'Out of memory' })).toBe('Out of memory')
  })

  it('does not take an error count for the failure', () => {
    expect(findFailure({ error_count: 0, message: 'boom' })).toBe('boom')
  })

  it('reads a field named for a fail as a failure’s, and passes over its count', () => {
    expect(findFailure({ fail_reason: 'file_format_check_failed', message: '' })).toBe(
      'file_format_check_failed',
    )
    expect(findFailure({ failReason: 'quota', reason: 'other' })).toBe('quota')
    expect(findFailure({ fail_count: 2, reason: 'other' })).toBe('other')
  })

  it('reads a msg as a message, and one named for the status', () => {
    expect(findFailure({ task_id: 't', task_status_msg: 'moderation failed' })).toBe(
      'moderation failed',
    )
    expect(findFailure({ code: 7, msg: 'quota' })).toBe('quota')
  })

  it('passes over a message that is a word of success: the answer to the request, not the failure', () => {
    expect(findFailure({ code: 0, message: 'SUCCEED' })).toBeUndefined()
    expect(findFailure({ status_code: 0, status_msg: 'success' })).toBeUndefined()
    expect(findFailure({ message: 'OK', reason: 'quota' })).toBe('quota')
  })
})

describe('expandTemplate: RFC 6570 encoding', () => {
  it('percent-encodes all but unreserved characters in a simple expansion', () => {
    expect(expandTemplate('/x/{id}', { id: "it's!" })).toEqual({ value: '/x/it%27s%21' })
  })

  it('keeps reserved characters and percent-encoded triplets in a reserved expansion', () => {
    expect(expandTemplate('/x/{+p}', { p: 'a%2Fb/[c]' })).toEqual({ value: '/x/a%2Fb/[c]' })
    expect(expandTemplate('/x/{+p}', { p: 'é 100%' })).toEqual({ value: '/x/%C3%A9%20100%25' })
  })

  it('needs a name after the +', () => {
    expect(isUriTemplate('/x/{+}')).toBe(false)
  })
})

describe('findStatusLink: link objects by relation, and a JSON:API resource’s self', () => {
  it('reads the `self` entry of a links array by its rel (Mailchimp, PayPal)', () => {
    const links = [
      { rel: 'parent', href: '/3.0/batches', method: 'GET' },
      { rel: 'self', href: '/3.0/batches/b1', method: 'GET' },
    ]
    expect(findStatusLink({ id: 'b1', status: 'pending', _links: links })).toBe('/3.0/batches/b1')
    expect(
      findStatusLink({
        links: [
          { rel: 'status', href: '/s/1' },
          { rel: 'self', href: '/x' },
        ],
      }),
    ).toBe('/s/1')
    expect(findStatusLink({ links: [{ rel: 'approve', href: '/a' }, 'self'] })).toBeUndefined()
  })

  it('reads data.links.self of a JSON:API resource, and of nothing else under data', () => {
    const run = { type: 'runs', id: 'run-1', links: { self: '/api/v2/runs/run-1' } }
    expect(findStatusLink({ data: run })).toBe('/api/v2/runs/run-1')
    expect(findStatusLink({ data: { links: { self: '/x' } } })).toBeUndefined()
  })
})

describe('isJobHandle: a field named only for the work', () => {
  it.each([{ task: 'oTUltX4IQMOUUVeiohTt8A:12345' }, { job: 'j-1' }, { operation: 42 }])(
    'reads %j as a handle',
    (body) => {
      expect(isJobHandle(body)).toBe(true)
    },
  )

  it.each([{ task_type: 'reindex' }, { task: 'write the report', title: 'x' }, { jobs: 'x' }])(
    'does not read %j as a handle',
    (body) => {
      expect(isJobHandle(body)).toBe(false)
    },
  )
})

describe('findFailure: a message named for a change of state', () => {
  it.each([
    [{ State: 'FAILED', StateChangeReason: 'SYNTAX_ERROR' }, 'SYNTAX_ERROR'],
    [{ State: 'stopped', StateTransitionReason: 'User initiated' }, 'User initiated'],
  ])('takes the reason of %j', (body, detail) => {
    expect(findFailure(body)).toBe(detail)
  })
})

describe('findStatusLink and isJobHandle: resources and request ids', () => {
  it('reads the links.self of a resource under data without a JSON:API type (CloudConvert)', () => {
    expect(
      findStatusLink({ data: { id: 'cd82', status: 'waiting', links: { self: '/v2/jobs/cd82' } } }),
    ).toBe('/v2/jobs/cd82')
  })

  it('takes an answer of nothing but its own fields and the request’s id for a job handle', () => {
    expect(isJobHandle({ request_id: 'r-1' })).toBe(true)
    expect(isJobHandle({ requestId: 'r-1', success: true })).toBe(true)
    expect(isJobHandle({ success: true })).toBe(false)
    expect(isJobHandle({ request_id: '', message: 'ok' })).toBe(false)
  })
})

describe('findResultLinks: a place in a page is not a resource', () => {
  it('passes over a link with a fragment, an app’s screen for a person', () => {
    expect(findResultLinks({ href: 'https://cloud.example.com/#/runs/1/' })).toEqual([])
    expect(findResultLinks({ href: 'https://cloud.example.com/#', url: '/files/1' })).toEqual([
      '/files/1',
    ])
  })
})
