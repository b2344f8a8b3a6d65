import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { createReading } from '../../src/protocols/reading/reading.js'
import type { ConventionParts } from '../../src/types/conventions.js'
import type { Observation, StatusResponse } from '../../src/types/protocol.js'

// Status bodies as public long-running-operation APIs document them, read with zero
// configuration or with the one option their docs make necessary. Each answers: what would
// `wait()` do with this body — keep polling, resolve with what, or reject with what.

const statusUrl = 'https://api.example.com/v1/jobs/7'

function response(body: unknown, url = statusUrl): StatusResponse {
  return { httpStatus: 200, headers: new Headers(), url, body }
}

/**
 * An observation with a link result shown as its href, so it compares as plain data; `url` is
 * where the body was read, for an API whose body names its own location.
 */
function read(body: unknown, parts: ConventionParts = {}, url = statusUrl): unknown {
  const observation: Observation | undefined = createReading(parts).observe(response(body, url))
  if (observation?.state !== 'succeeded') return observation
  const { result } = observation
  if (result.kind === 'link') return { link: result.url.href }
  return result.kind === 'inline' ? { inline: result.value } : result
}

const pending = { state: 'pending' }
const canceled = { state: 'canceled' }
const failed = (detail: unknown) => ({ state: 'failed', detail })

function refusal(body: unknown, parts: ConventionParts = {}): string {
  try {
    createReading(parts).observe(response(body))
  } catch (error) {
    if (error instanceof ProtocolError) return error.message
    throw error
  }
  throw new Error('did not throw')
}

describe('AWS', () => {
  it('Textract: JobStatus IN_PROGRESS, SUCCEEDED and PARTIAL_SUCCESS, FAILED with its StatusMessage', () => {
    expect(read({ JobStatus: 'IN_PROGRESS' })).toStrictEqual(pending)
    const done = { JobStatus: 'SUCCEEDED', DocumentMetadata: { Pages: 1 }, Blocks: [] }
    expect(read(done)).toStrictEqual({ inline: done })
    const partial = { ...done, JobStatus: 'PARTIAL_SUCCESS', Warnings: [{ ErrorCode: 'W' }] }
    expect(read(partial)).toStrictEqual({ inline: partial })
    expect(read({ JobStatus: 'FAILED', StatusMessage: 'unsupported document' })).toStrictEqual(
      failed('unsupported document'),
    )
  })

  it('Transcribe: TranscriptionJobStatus in the TranscriptionJob envelope, FailureReason', () => {
    const job = (status: string, more: object = {}) => ({
      TranscriptionJob: {
        TranscriptionJobName: 'call-1',
        TranscriptionJobStatus: status,
        Media: { MediaFileUri: 's3://bucket/call-1.wav' },
        ...more,
      },
    })
    expect(read(job('IN_PROGRESS'))).toStrictEqual(pending)
    const done = job('COMPLETED', {
      Transcript: { TranscriptFileUri: 'https://s3.example.com/call-1.json' },
    })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(done, { locateResult: 'TranscriptionJob.Transcript.TranscriptFileUri' }),
    ).toStrictEqual({ link: 'https://s3.example.com/call-1.json' })
    expect(read(job('FAILED', { FailureReason: 'unsupported media' }))).toStrictEqual(
      failed('unsupported media'),
    )
  })

  it('Athena: QueryExecution.Status.State, and a failure’s StateChangeReason', () => {
    const query = (status: object) => ({
      QueryExecution: {
        QueryExecutionId: 'q-1',
        Query: 'SELECT 1',
        ResultConfiguration: { OutputLocation: 's3://results/q-1.csv' },
        Status: { SubmissionDateTime: 1.7e9, ...status },
      },
    })
    expect(read(query({ State: 'QUEUED' }))).toStrictEqual(pending)
    expect(read(query({ State: 'RUNNING' }))).toStrictEqual(pending)
    expect(read(query({ State: 'SUCCEEDED' }))).toStrictEqual({
      inline: query({ State: 'SUCCEEDED' }),
    })
    expect(
      read(query({ State: 'FAILED', StateChangeReason: 'SYNTAX_ERROR: line 1:8' })),
    ).toStrictEqual(failed('SYNTAX_ERROR: line 1:8'))
    expect(read(query({ State: 'CANCELLED' }))).toStrictEqual(canceled)
  })

  it('Redshift Data API: SUBMITTED, PICKED, STARTED, FINISHED, ABORTED, FAILED with its Error', () => {
    const statement = { Id: 's-1', QueryString: 'select 1', HasResultSet: true }
    for (const word of ['SUBMITTED', 'PICKED', 'STARTED']) {
      expect(read({ ...statement, Status: word })).toStrictEqual(pending)
    }
    const done = { ...statement, Status: 'FINISHED', ResultRows: 1 }
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read({ ...statement, Status: 'ABORTED' })).toStrictEqual(canceled)
    expect(
      read({ ...statement, Status: 'FAILED', Error: 'relation does not exist' }),
    ).toStrictEqual(failed('relation does not exist'))
  })

  it('Batch: DescribeJobs lists the job; RUNNABLE and STARTING run, statusReason says why it failed', () => {
    const parts = { stateField: 'jobs.0.status' }
    const jobs = (status: string, more: object = {}) => ({
      jobs: [{ jobId: 'j-1', jobName: 'n', status, ...more }],
    })
    for (const word of ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING']) {
      expect(read(jobs(word), parts)).toStrictEqual(pending)
    }
    expect(read(jobs('SUCCEEDED'), parts)).toStrictEqual({ inline: jobs('SUCCEEDED') })
    expect(
      read(jobs('FAILED', { statusReason: 'Essential container in task exited' }), parts),
    ).toStrictEqual(failed('Essential container in task exited'))
  })

  it('Glue: JobRun.JobRunState, STOPPING then STOPPED; TIMEOUT and ERROR fail', () => {
    const run = (state: string, more: object = {}) => ({
      JobRun: { Id: 'jr-1', JobName: 'etl', JobRunState: state, ...more },
    })
    for (const word of ['STARTING', 'RUNNING', 'WAITING', 'STOPPING']) {
      expect(read(run(word))).toStrictEqual(pending)
    }
    expect(read(run('STOPPED'))).toStrictEqual(canceled)
    expect(read(run('SUCCEEDED'))).toStrictEqual({ inline: run('SUCCEEDED') })
    expect(read(run('TIMEOUT', { ErrorMessage: 'exceeded 60 minutes' }))).toStrictEqual(
      failed('exceeded 60 minutes'),
    )
    expect(read(run('ERROR', { ErrorMessage: 'bad script' }))).toStrictEqual(failed('bad script'))
  })

  it('SageMaker training: TrainingJobStatus before SecondaryStatus; a limit exceeded fails', () => {
    const job = (status: string, secondary: string, more: object = {}) => ({
      TrainingJobName: 't-1',
      ModelArtifacts: { S3ModelArtifacts: 's3://models/t-1/model.tar.gz' },
      TrainingJobStatus: status,
      SecondaryStatus: secondary,
      ...more,
    })
    expect(read(job('InProgress', 'Downloading'))).toStrictEqual(pending)
    expect(read(job('Stopping', 'Stopping'))).toStrictEqual(pending)
    expect(read(job('Completed', 'Completed'))).toStrictEqual({
      inline: job('Completed', 'Completed'),
    })
    expect(read(job('Failed', 'Failed', { FailureReason: 'OOM' }))).toStrictEqual(failed('OOM'))
    expect(read(job('Stopped', 'MaxRuntimeExceeded'))).toStrictEqual(canceled)
    // The secondary status read alone, by stateField: the time limit hit is a failure.
    expect(
      read(job('Stopped', 'MaxRuntimeExceeded'), { stateField: 'SecondaryStatus' }),
    ).toStrictEqual(failed(undefined))
  })

  it('MediaConvert: job.status PROGRESSING with jobPercentComplete, COMPLETE, ERROR with its message', () => {
    const reading = createReading()
    expect(
      reading.observe(
        response({ job: { id: 'm', status: 'PROGRESSING', jobPercentComplete: 42 } }),
      ),
    ).toStrictEqual({ state: 'pending', progress: { value: 42, scale: 'percent' } })
    const done = { job: { id: 'm', status: 'COMPLETE', jobPercentComplete: 100 } }
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read({ job: { id: 'm', status: 'ERROR', errorCode: 1010, errorMessage: 'no input' } }),
    ).toStrictEqual(failed({ errorCode: 1010, errorMessage: 'no input' }))
    expect(read({ job: { id: 'm', status: 'CANCELED' } })).toStrictEqual(canceled)
  })
})

describe('Google', () => {
  it('BigQuery jobs: status.state DONE is a failure when status.errorResult is there', () => {
    const job = (status: object) => ({
      kind: 'bigquery#job',
      id: 'p:US.job_1',
      jobReference: { projectId: 'p', jobId: 'job_1', location: 'US' },
      status,
    })
    expect(read(job({ state: 'PENDING' }))).toStrictEqual(pending)
    expect(read(job({ state: 'RUNNING' }))).toStrictEqual(pending)
    expect(read(job({ state: 'DONE' }))).toStrictEqual({ inline: job({ state: 'DONE' }) })
    const errorResult = { reason: 'invalidQuery', message: 'Syntax error' }
    expect(read(job({ state: 'DONE', errorResult, errors: [errorResult] }))).toStrictEqual(
      failed({ errorResult, errors: [errorResult] }),
    )
  })

  it('Cloud Build: QUEUED, WORKING, SUCCESS; INTERNAL_ERROR, TIMEOUT, EXPIRED fail; CANCELLED', () => {
    const build = (status: string, more: object = {}) => ({ id: 'b-1', status, ...more })
    for (const word of ['PENDING', 'QUEUED', 'WORKING']) {
      expect(read(build(word))).toStrictEqual(pending)
    }
    expect(read(build('SUCCESS', { results: { images: [] } }))).toStrictEqual({
      inline: { images: [] },
    })
    expect(read(build('FAILURE', { statusDetail: 'step 0 exited 1' }))).toStrictEqual(
      failed('step 0 exited 1'),
    )
    for (const word of ['INTERNAL_ERROR', 'TIMEOUT', 'EXPIRED']) {
      expect(read(build(word))).toStrictEqual(failed(undefined))
    }
    expect(read(build('CANCELLED'))).toStrictEqual(canceled)
  })

  it('Vertex AI batch prediction: JOB_STATE_ enum values, the gs:// output never fetched', () => {
    const job = (state: string, more: object = {}) => ({
      name: 'projects/p/locations/us-central1/batchPredictionJobs/1',
      state,
      ...more,
    })
    for (const word of ['JOB_STATE_QUEUED', 'JOB_STATE_PENDING', 'JOB_STATE_RUNNING']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    const done = job('JOB_STATE_SUCCEEDED', {
      outputInfo: { gcsOutputDirectory: 'gs://out/prediction-1' },
    })
    expect(read(done)).toStrictEqual({ inline: done })
    const partial = job('JOB_STATE_PARTIALLY_SUCCEEDED')
    expect(read(partial)).toStrictEqual({ inline: partial })
    expect(read(job('JOB_STATE_FAILED', { error: { code: 3, message: 'bad' } }))).toStrictEqual(
      failed({ code: 3, message: 'bad' }),
    )
    expect(read(job('JOB_STATE_CANCELLED'))).toStrictEqual(canceled)
  })

  it('YouTube: processingDetails.processingStatus of the listed video, its failure reason', () => {
    const parts = { stateField: 'items.0.processingDetails.processingStatus' }
    const list = (processingDetails: object) => ({
      kind: 'youtube#videoListResponse',
      items: [{ id: 'v', status: { uploadStatus: 'uploaded' }, processingDetails }],
    })
    expect(read(list({ processingStatus: 'processing' }), parts)).toStrictEqual(pending)
    expect(read(list({ processingStatus: 'succeeded' }), parts)).toStrictEqual({
      inline: list({ processingStatus: 'succeeded' }),
    })
    expect(
      read(list({ processingStatus: 'failed', processingFailureReason: 'transcodeFailed' }), parts),
    ).toStrictEqual(failed('transcodeFailed'))
    expect(read(list({ processingStatus: 'terminated' }), parts)).toStrictEqual(canceled)
  })
})

describe('Azure and Microsoft', () => {
  it('Translator document translation: NotStarted, Running, Succeeded; ValidationFailed with its error', () => {
    const batch = (status: string, more: object = {}) => ({
      id: 'b-1',
      createdDateTimeUtc: '2026-01-01T00:00:00Z',
      status,
      summary: { total: 2, failed: 0, success: 1, inProgress: 1, notYetStarted: 0, cancelled: 0 },
      ...more,
    })
    expect(read(batch('NotStarted'))).toStrictEqual(pending)
    expect(read(batch('Running'))).toStrictEqual(pending)
    expect(read(batch('Cancelling'))).toStrictEqual(pending)
    expect(read(batch('Succeeded'))).toStrictEqual({ inline: batch('Succeeded') })
    const error = { code: 'InvalidRequest', message: 'no documents', target: 'Operation' }
    expect(read(batch('ValidationFailed', { error }))).toStrictEqual(failed(error))
    expect(read(batch('Cancelled'))).toStrictEqual(canceled)
  })

  it('Speech batch transcription: links.files fetched once Succeeded, self skipped', () => {
    const transcription = (status: string) => ({
      self: statusUrl,
      status,
      links: { files: `${statusUrl}/files` },
    })
    expect(read(transcription('NotStarted'))).toStrictEqual(pending)
    expect(read(transcription('Running'))).toStrictEqual(pending)
    expect(read(transcription('Succeeded'))).toStrictEqual({ link: `${statusUrl}/files` })
    const error = { code: 'InvalidData', message: 'no audio' }
    expect(read({ ...transcription('Failed'), properties: { error } })).toStrictEqual(failed(error))
  })

  it('Power BI export to file: percentComplete, resourceLocation fetched once Succeeded', () => {
    const file = 'https://api.example.com/v1/reports/r/exports/e/file'
    const reading = createReading()
    expect(
      reading.observe(response({ id: 'e', status: 'Running', percentComplete: 40 })),
    ).toStrictEqual({ state: 'pending', progress: { value: 40, scale: 'percent' } })
    expect(
      read({ id: 'e', status: 'Succeeded', percentComplete: 100, resourceLocation: file }),
    ).toStrictEqual({ link: file })
    expect(read({ id: 'e', status: 'Failed', error: { code: 'ExportFailed' } })).toStrictEqual(
      failed({ code: 'ExportFailed' }),
    )
  })

  it('Microsoft Graph long-running operations: notStarted, running, succeeded with resourceLocation', () => {
    const resource = 'https://graph.example.com/v1.0/sites/s/lists/l'
    expect(read({ id: 'o', status: 'notStarted', statusDetail: null })).toStrictEqual(pending)
    expect(read({ id: 'o', status: 'running', statusDetail: null })).toStrictEqual(pending)
    expect(read({ id: 'o', status: 'succeeded', resourceLocation: resource })).toStrictEqual({
      link: resource,
    })
    expect(read({ id: 'o', status: 'failed', statusDetail: 'quota' })).toStrictEqual(
      failed('quota'),
    )
  })
})

describe('storage, mail, identity and search', () => {
  it('Dropbox check_job_status: the `.tag` union is read with a stateField function', () => {
    const words = { in_progress: 'pending', complete: 'succeeded', failed: 'failed' } as const
    const parts: ConventionParts = {
      stateField: (body) => words[(body as { '.tag': keyof typeof words })['.tag']],
      failureField: 'failed',
    }
    // With zero configuration `.tag` is no status field: the body carries no state.
    expect(read({ '.tag': 'in_progress' })).toBeUndefined()
    expect(read({ '.tag': 'in_progress' }, parts)).toStrictEqual(pending)
    const done = { '.tag': 'complete', name: 'a.pdf', path_lower: '/a.pdf' }
    expect(read(done, parts)).toStrictEqual({ inline: done })
    expect(read({ '.tag': 'failed', failed: { '.tag': 'download_failed' } }, parts)).toStrictEqual(
      failed({ '.tag': 'download_failed' }),
    )
  })

  it('Mailchimp batch operations: pending, preprocessing, started, finalizing, finished', () => {
    const batch = (status: string, response_body_url = '') => ({
      id: '123abc',
      status,
      total_operations: 4,
      finished_operations: status === 'finished' ? 4 : 1,
      errored_operations: 0,
      response_body_url,
    })
    for (const word of ['pending', 'preprocessing', 'started', 'finalizing']) {
      expect(read(batch(word))).toStrictEqual(pending)
    }
    const tarball = 'https://mailchimp.example.com/123abc-response.tar.gz'
    expect(read(batch('finished', tarball))).toStrictEqual({ inline: batch('finished', tarball) })
    expect(read(batch('finished', tarball), { locateResult: 'response_body_url' })).toStrictEqual({
      link: tarball,
    })
  })

  it('Auth0 jobs: pending, processing with percentage_done, completed; failed', () => {
    const reading = createReading()
    const job = { id: 'job_1', type: 'users_import', connection_id: 'con_1' }
    expect(
      reading.observe(response({ ...job, status: 'processing', percentage_done: 40 })),
    ).toStrictEqual({ state: 'pending', progress: { value: 40, scale: 'percent' } })
    const done = { ...job, status: 'completed', summary: { inserted: 2, total: 2 } }
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read({ ...job, status: 'failed' })).toStrictEqual(failed(undefined))
  })

  it('Elasticsearch tasks: `completed` false, then the `response`; an `error` beside completed fails', () => {
    const task = { node: 'n1', id: 12345, action: 'indices:data/write/reindex' }
    expect(read({ completed: false, task: { ...task, status: { total: 6 } } })).toStrictEqual(
      pending,
    )
    const response = { took: 120, total: 6, created: 6, failures: [] }
    expect(read({ completed: true, task, response })).toStrictEqual({ inline: response })
    const error = { type: 'index_not_found_exception', reason: 'no such index [a]' }
    expect(read({ completed: true, task, error })).toStrictEqual(failed(error))
  })

  it('Elasticsearch async search: is_running, then the response', () => {
    const search = (running: boolean) => ({
      id: 'FmRl',
      is_partial: running,
      is_running: running,
      response: { took: 3, hits: { total: { value: running ? 0 : 9 } } },
    })
    expect(read(search(true))).toStrictEqual(pending)
    expect(read(search(false))).toStrictEqual({ inline: search(false).response })
  })

  it('a body whose only field names the task, the job or the run is a job handle', () => {
    const reading = createReading()
    expect(reading.isJobHandle({ task: 'oTUltX4IQMOUUVeiohTt8A:12345' })).toBe(true)
    expect(reading.isJobHandle({ job: 'j-1' })).toBe(true)
    expect(reading.isJobHandle({ task: { node: 'n', id: 1 } })).toBe(false)
    expect(reading.isJobHandle({ task: 'write the report', title: 'x' })).toBe(false)
  })
})

describe('media and AI', () => {
  it('Cloudflare Stream: result.status.state; error with errorReasonCode and errorReasonText', () => {
    const video = (status: object) => ({
      result: { uid: 'u', readyToStream: false, status },
      success: true,
      errors: [],
      messages: [],
    })
    expect(read(video({ state: 'queued', pctComplete: '0' }))).toStrictEqual(pending)
    expect(read(video({ state: 'downloading' }))).toStrictEqual(pending)
    expect(read(video({ state: 'inprogress', pctComplete: '45.0' }))).toStrictEqual(pending)
    expect(
      read(
        video({
          state: 'error',
          errorReasonCode: 'ERR_NON_VIDEO',
          errorReasonText: 'not a video',
        }),
      ),
    ).toStrictEqual(failed({ errorReasonCode: 'ERR_NON_VIDEO', errorReasonText: 'not a video' }))
    // `ready` is no word of the table: one API's ready is a run ready to start.
    expect(refusal(video({ state: 'ready' }))).toContain('Unknown status word "ready"')
  })

  it('Vimeo: the video’s status; upload and transcode that disagree are refused, not resolved', () => {
    // The video's `uri` is its own path, the status location: the job itself, not its result.
    const video = (status: string) => ({ uri: '/v1/jobs/7', status })
    expect(read(video('transcode_starting'))).toStrictEqual(pending)
    expect(read(video('transcoding'))).toStrictEqual(pending)
    expect(read(video('available'))).toStrictEqual({ inline: video('available') })
    expect(read(video('transcoding_error'))).toStrictEqual(failed(undefined))
    expect(read(video('quota_exceeded'))).toStrictEqual(failed(undefined))
    // `?fields=upload.status,transcode.status`: the upload ended, the transcode runs.
    const fields = { upload: { status: 'complete' }, transcode: { status: 'in_progress' } }
    expect(refusal(fields)).toBe(
      `The status body's \`upload\` says succeeded and its \`transcode\` says pending; name the field that holds the state with \`stateField\` (${statusUrl})`,
    )
    expect(read(fields, { stateField: 'transcode.status' })).toStrictEqual(pending)
    const both = { upload: { status: 'complete' }, transcode: { status: 'complete' } }
    expect(read(both)).toStrictEqual({ inline: both })
  })

  it('ElevenLabs dubbing: dubbing runs; dubbed needs classifyStatus, like Rev.ai’s transcribed', () => {
    const dub = (status: string, error: string | null = null) => ({
      dubbing_id: 'd-1',
      name: 'clip',
      status,
      target_languages: ['es'],
      error,
    })
    expect(read(dub('dubbing'))).toStrictEqual(pending)
    expect(refusal(dub('dubbed'))).toContain('Unknown status word "dubbed" in `status`')
    const parts = {
      classifyStatus: (word: string) => (word === 'dubbed' ? 'succeeded' : undefined),
      locateResult: '/dubbing/{dubbing_id}/audio/{target_languages.0}',
    } as const
    expect(
      createReading(parts, 'https://api.example.com/v1').observe(response(dub('dubbed'))),
    ).toMatchObject({ state: 'succeeded', result: { kind: 'link' } })
    expect(read(dub('failed', 'no speech found'))).toStrictEqual(failed('no speech found'))
  })

  it('Runway tasks: THROTTLED and RUNNING with progress, output[] inline, failure and failureCode', () => {
    const reading = createReading()
    expect(reading.observe(response({ id: 't', status: 'THROTTLED' }))).toStrictEqual(pending)
    expect(reading.observe(response({ id: 't', status: 'RUNNING', progress: 0.4 }))).toStrictEqual({
      state: 'pending',
      progress: { value: 0.4, scale: 'unknown' },
    })
    const output = ['https://cdn.example.com/t.mp4?_jwt=x']
    expect(read({ id: 't', status: 'SUCCEEDED', output })).toStrictEqual({ inline: output })
    expect(
      read({ id: 't', status: 'FAILED', failure: 'unsafe input', failureCode: 'SAFETY.INPUT' }),
    ).toStrictEqual(failed({ failure: 'unsafe input', failureCode: 'SAFETY.INPUT' }))
    expect(read({ id: 't', status: 'CANCELLED' })).toStrictEqual(canceled)
  })

  it('Luma generations: queued, dreaming, completed with assets; failed with failure_reason', () => {
    const generation = (state: string, more: object = {}) => ({
      id: 'g',
      state,
      failure_reason: null,
      assets: null,
      request: { prompt: 'a cat' },
      ...more,
    })
    expect(read(generation('queued'))).toStrictEqual(pending)
    expect(read(generation('dreaming'))).toStrictEqual(pending)
    const done = generation('completed', { assets: { video: 'https://cdn.example.com/g.mp4' } })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(generation('failed', { failure_reason: 'moderation' }))).toStrictEqual(
      failed('moderation'),
    )
  })

  it('fal.ai queue: IN_QUEUE, IN_PROGRESS, COMPLETED with response_url fetched; an error fails', () => {
    const responseUrl = 'https://queue.example.com/fal-ai/m/requests/r-1'
    expect(read({ status: 'IN_QUEUE', queue_position: 2, response_url: responseUrl })).toEqual(
      pending,
    )
    expect(read({ status: 'IN_PROGRESS', logs: [], response_url: responseUrl })).toEqual(pending)
    expect(read({ status: 'COMPLETED', logs: [], response_url: responseUrl })).toStrictEqual({
      link: responseUrl,
    })
    expect(
      read({
        status: 'COMPLETED',
        error: 'out of memory',
        error_type: 'runner',
        response_url: responseUrl,
      }),
    ).toStrictEqual(failed({ error: 'out of memory', error_type: 'runner' }))
  })

  it('Together fine-tuning: compressing, uploading, cancel_requested run; completed, error, cancelled', () => {
    for (const word of [
      'pending',
      'queued',
      'running',
      'compressing',
      'uploading',
      'cancel_requested',
    ]) {
      expect(read({ id: 'ft-1', status: word })).toStrictEqual(pending)
    }
    expect(read({ id: 'ft-1', status: 'completed', output_name: 'm' })).toStrictEqual({
      inline: { id: 'ft-1', status: 'completed', output_name: 'm' },
    })
    expect(read({ id: 'ft-1', status: 'error' })).toStrictEqual(failed(undefined))
    expect(read({ id: 'ft-1', status: 'cancelled' })).toStrictEqual(canceled)
  })

  it('Mistral batch jobs: TIMEOUT_EXCEEDED fails, CANCELLATION_REQUESTED still runs', () => {
    const job = (status: string) => ({ id: 'b', status, errors: [], output_file: null })
    expect(read(job('QUEUED'))).toStrictEqual(pending)
    expect(read(job('CANCELLATION_REQUESTED'))).toStrictEqual(pending)
    expect(read(job('SUCCESS'))).toStrictEqual({ inline: job('SUCCESS') })
    expect(read(job('TIMEOUT_EXCEEDED'))).toStrictEqual(failed(undefined))
    expect(read(job('CANCELLED'))).toStrictEqual(canceled)
  })

  it('Leonardo generations: status in generations_by_pk, PENDING then COMPLETE', () => {
    const generation = (status: string) => ({
      generations_by_pk: { id: 'g', status, generated_images: [] },
    })
    expect(read(generation('PENDING'))).toStrictEqual(pending)
    expect(read(generation('COMPLETE'))).toStrictEqual({ inline: generation('COMPLETE') })
    expect(read(generation('FAILED'))).toStrictEqual(failed(undefined))
  })
})

describe('CI, deploys and infrastructure', () => {
  it('GitLab pipelines: created, waiting_for_resource, preparing, running, success; manual is refused', () => {
    for (const word of ['created', 'waiting_for_resource', 'preparing', 'pending', 'running']) {
      expect(read({ id: 61, status: word })).toStrictEqual(pending)
    }
    expect(read({ id: 61, status: 'success' })).toStrictEqual({
      inline: { id: 61, status: 'success' },
    })
    expect(read({ id: 61, status: 'failed' })).toStrictEqual(failed(undefined))
    expect(read({ id: 61, status: 'canceled' })).toStrictEqual(canceled)
    expect(read({ id: 61, status: 'skipped' })).toStrictEqual(canceled)
    expect(refusal({ id: 61, status: 'manual' })).toContain('Unknown status word "manual"')
  })

  it('CircleCI workflows: running and failing run; success, failed, error, canceled; on_hold refused', () => {
    expect(read({ id: 'w', status: 'running' })).toStrictEqual(pending)
    expect(read({ id: 'w', status: 'failing' })).toStrictEqual(pending)
    expect(read({ id: 'w', status: 'success' })).toStrictEqual({
      inline: { id: 'w', status: 'success' },
    })
    expect(read({ id: 'w', status: 'failed' })).toStrictEqual(failed(undefined))
    expect(read({ id: 'w', status: 'error' })).toStrictEqual(failed(undefined))
    expect(read({ id: 'w', status: 'canceled' })).toStrictEqual(canceled)
    expect(refusal({ id: 'w', status: 'on_hold' })).toContain('Unknown status word "on_hold"')
  })

  it('Bitbucket pipelines: state.name COMPLETED with state.result.name SUCCESSFUL, FAILED, STOPPED', () => {
    const pipeline = (state: object) => ({ uuid: '{p-1}', build_number: 7, state })
    expect(read(pipeline({ name: 'PENDING', type: 'pipeline_state_pending' }))).toStrictEqual(
      pending,
    )
    expect(read(pipeline({ name: 'IN_PROGRESS', stage: { name: 'RUNNING' } }))).toStrictEqual(
      pending,
    )
    const completed = (result: string) =>
      pipeline({ name: 'COMPLETED', type: 'pipeline_state_completed', result: { name: result } })
    expect(read(completed('SUCCESSFUL'))).toStrictEqual({ inline: completed('SUCCESSFUL') })
    expect(read(completed('FAILED'))).toStrictEqual(failed({ name: 'FAILED' }))
    expect(read(completed('ERROR'))).toStrictEqual(failed({ name: 'ERROR' }))
    expect(read(completed('STOPPED'))).toStrictEqual(canceled)
  })

  it('Terraform Cloud runs: JSON:API attributes.status; planned_and_finished ends, discarded cancels', () => {
    const run = (status: string) => ({
      data: { id: 'run-1', type: 'runs', attributes: { status, 'has-changes': false } },
    })
    for (const word of [
      'pending',
      'fetching',
      'fetching_completed',
      'plan_queued',
      'planning',
      'applying',
    ]) {
      expect(read(run(word))).toStrictEqual(pending)
    }
    expect(read(run('applied'))).toStrictEqual({ inline: run('applied').data })
    expect(read(run('planned_and_finished'))).toStrictEqual({
      inline: run('planned_and_finished').data,
    })
    expect(read(run('errored'))).toStrictEqual(failed(undefined))
    expect(read(run('discarded'))).toStrictEqual(canceled)
    expect(read(run('force_canceled'))).toStrictEqual(canceled)
    // A run that waits on a person, or between checks: the app names these words.
    expect(refusal(run('cost_estimated'))).toContain('Unknown status word "cost_estimated"')
  })

  it('Render deploys: build_in_progress, live; build_failed and pre_deploy_failed fail', () => {
    const deploy = (status: string) => ({ id: 'dep-1', status, finishedAt: null })
    for (const word of [
      'created',
      'build_in_progress',
      'update_in_progress',
      'pre_deploy_in_progress',
    ]) {
      expect(read(deploy(word))).toStrictEqual(pending)
    }
    expect(read(deploy('live'))).toStrictEqual({ inline: deploy('live') })
    expect(read(deploy('build_failed'))).toStrictEqual(failed(undefined))
    expect(read(deploy('pre_deploy_failed'))).toStrictEqual(failed(undefined))
    expect(read(deploy('canceled'))).toStrictEqual(canceled)
  })

  it('Jenkins builds: `building` true runs; the `result` word says how it ended', () => {
    expect(read({ number: 5, building: true, result: null })).toStrictEqual(pending)
    expect(read({ number: 5, building: false, result: 'SUCCESS' })).toStrictEqual({
      inline: 'SUCCESS',
    })
    expect(read({ number: 5, building: false, result: 'FAILURE' })).toStrictEqual(failed('FAILURE'))
    expect(read({ number: 5, building: false, result: 'ABORTED' })).toStrictEqual(canceled)
  })

  it('ClickHouse Cloud: the echoed HTTP status beside the result envelope is passed over', () => {
    const answer = (status: string) => ({
      status: 200,
      requestId: 'r-1',
      result: { id: 'backup-1', status, sizeInBytes: 10 },
    })
    expect(read(answer('in_progress'))).toStrictEqual(pending)
    expect(read(answer('done'))).toStrictEqual({ inline: answer('done').result })
    expect(read(answer('error'))).toStrictEqual(failed(undefined))
    // Without an envelope that holds a state, a number in `status` is still refused.
    expect(refusal({ status: 200, requestId: 'r-1' })).toContain(
      'Status field `status` is 200, not a status word',
    )
  })

  it('Shopify bulk operations: the GraphQL data is read where stateField says', () => {
    const parts = { stateField: 'data.currentBulkOperation.status' }
    const answer = (status: string, url: string | null = null) => ({
      data: { currentBulkOperation: { id: 'gid://shopify/BulkOperation/1', status, url } },
      extensions: { cost: { requestedQueryCost: 1 } },
    })
    expect(read(answer('RUNNING'), parts)).toStrictEqual(pending)
    expect(read(answer('CANCELING'), parts)).toStrictEqual(pending)
    const file = 'https://storage.example.com/bulk/1.jsonl'
    expect(read(answer('COMPLETED', file), parts)).toStrictEqual({ link: file })
    expect(read(answer('EXPIRED'), parts)).toStrictEqual(failed(undefined))
    expect(read(answer('CANCELED'), parts)).toStrictEqual(canceled)
  })
})

describe('payments and documents', () => {
  it('Stripe report runs: pending, succeeded with the result file object, failed with its error', () => {
    const run = (status: string, more: object = {}) => ({
      id: 'frr_1',
      object: 'reporting.report_run',
      error: null,
      result: null,
      status,
      ...more,
    })
    expect(read(run('pending'))).toStrictEqual(pending)
    const file = { id: 'file_1', object: 'file', url: 'https://files.example.com/file_1/contents' }
    expect(read(run('succeeded', { result: file }))).toStrictEqual({ inline: file })
    expect(read(run('failed', { error: 'no data for that interval' }))).toStrictEqual(
      failed('no data for that interval'),
    )
  })

  it('Adobe PDF Services: "in progress", done with asset.downloadUri, failed with its error', () => {
    expect(read({ status: 'in progress' })).toStrictEqual(pending)
    const done = {
      status: 'done',
      asset: { metadata: { type: 'application/pdf', size: 1 }, downloadUri: 'https://x/y.pdf' },
    }
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(done, { locateResult: 'asset.downloadUri' })).toStrictEqual({
      link: 'https://x/y.pdf',
    })
    const error = { code: 'BAD_PDF', message: 'not a PDF', status: 400 }
    expect(read({ status: 'failed', error })).toStrictEqual(failed(error))
  })
})

describe('a third pass: AI, media and documents', () => {
  it('OpenAI fine-tuning jobs: validating_files, queued, running; succeeded; failed with its error', () => {
    const job = (status: string, more: object = {}) => ({
      object: 'fine_tuning.job',
      id: 'ftjob-abc123',
      model: 'gpt-4o-mini-2024-07-18',
      fine_tuned_model: null,
      result_files: [],
      status,
      training_file: 'file-abc123',
      error: null,
      ...more,
    })
    for (const word of ['validating_files', 'queued', 'running']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    const done = job('succeeded', {
      fine_tuned_model: 'ft:gpt-4o-mini:org::id',
      result_files: ['file-r'],
    })
    expect(read(done)).toStrictEqual({ inline: done })
    const error = { code: 'invalid_training_file', message: 'bad line 3', param: 'training_file' }
    expect(read(job('failed', { error }))).toStrictEqual(failed(error))
    expect(read(job('cancelled'))).toStrictEqual(canceled)
  })

  it('OpenAI vector store file batches: in_progress with file_counts whose total is 0, completed', () => {
    const batch = (status: string, counts: object) => ({
      id: 'vsfb_abc123',
      object: 'vector_store.files_batch',
      vector_store_id: 'vs_abc123',
      status,
      file_counts: { in_progress: 1, completed: 1, failed: 0, cancelled: 0, total: 0, ...counts },
    })
    expect(read(batch('in_progress', {}))).toStrictEqual(pending)
    const done = batch('completed', { in_progress: 0, completed: 2, total: 2 })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(batch('cancelled', {}))).toStrictEqual(canceled)
    expect(read(batch('failed', { failed: 2 }))).toStrictEqual(failed(undefined))
  })

  it('HeyGen video status: data.status processing, completed with video_url kept; failed with its error', () => {
    const answer = (status: string, more: object = {}) => ({
      code: 100,
      data: { id: 'v-1', status, video_url: null, thumbnail_url: null, error: null, ...more },
      message: 'Success',
    })
    for (const word of ['pending', 'waiting', 'processing']) {
      expect(read(answer(word))).toStrictEqual(pending)
    }
    const done = answer('completed', {
      video_url: 'https://files.example.com/v-1.mp4',
      thumbnail_url: 'https://files.example.com/v-1.jpg',
      duration: 12.5,
    })
    expect(read(done)).toStrictEqual({ inline: done.data })
    const error = { code: 40119, message: 'Video is too long', detail: 'limit 180 s' }
    expect(read(answer('failed', { error }))).toStrictEqual(failed(error))
  })

  it('Synthesia videos: in_progress, complete with its download kept in the body; error and rejected fail', () => {
    const video = (status: string, more: object = {}) => ({
      id: 'v-1',
      title: 'demo',
      visibility: 'private',
      status,
      createdAt: 1_700_000_000,
      ...more,
    })
    expect(read(video('in_progress'))).toStrictEqual(pending)
    const done = video('complete', {
      download: 'https://synthesia.example.com/v-1.mp4',
      duration: '0:00:12',
    })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(video('error'))).toStrictEqual(failed(undefined))
    expect(read(video('rejected'))).toStrictEqual(failed(undefined))
  })

  it('Twilio Video compositions: enqueued, processing, completed; its own url never taken for the media', () => {
    const url = statusUrl
    const composition = (status: string) => ({
      sid: 'CJ1',
      status,
      url,
      links: { media: `${url}/Media` },
    })
    expect(read(composition('enqueued'))).toStrictEqual(pending)
    expect(read(composition('processing'))).toStrictEqual(pending)
    expect(read(composition('completed'))).toStrictEqual({ inline: composition('completed') })
    expect(read(composition('failed'))).toStrictEqual(failed(undefined))
  })

  it('Google Document AI batchProcess: metadata.state RUNNING, then done with the response; FAILED with its error', () => {
    const name = 'projects/p/locations/us/operations/123'
    const metadata = (state: string) => ({
      '@type': 'type.googleapis.com/google.cloud.documentai.v1.BatchProcessMetadata',
      state,
      stateMessage: '',
      createTime: '2026-12-04T10:00:00Z',
    })
    expect(read({ name, metadata: metadata('RUNNING') })).toStrictEqual(pending)
    const response = {
      '@type': 'type.googleapis.com/google.cloud.documentai.v1.BatchProcessResponse',
    }
    expect(read({ name, metadata: metadata('SUCCEEDED'), done: true, response })).toStrictEqual({
      inline: response,
    })
    const error = { code: 3, message: 'Invalid document' }
    expect(read({ name, metadata: metadata('FAILED'), done: true, error })).toStrictEqual(
      failed(error),
    )
  })

  it('Zamzar jobs: initialising, converting, successful with target_files; failed with its failure', () => {
    const job = (status: string, more: object = {}) => ({
      id: 15,
      key: 'GiVUYsF4A8ssq93FR48H',
      status,
      sandbox: true,
      finished_at: null,
      source_file: { id: 2, name: 'portrait.gif', size: 90_571 },
      target_files: [],
      target_format: 'png',
      credit_cost: 1,
      ...more,
    })
    expect(read(job('initialising'))).toStrictEqual(pending)
    expect(read(job('converting'))).toStrictEqual(pending)
    const done = job('successful', {
      target_files: [{ id: 3, name: 'portrait.png', size: 22_103 }],
    })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(done, { locateResult: '/files/{target_files.0.id}/content' })).toStrictEqual({
      link: 'https://api.example.com/files/3/content',
    })
    const failure = { code: 3, message: 'Conversion failed' }
    expect(read(job('failed', { failure }))).toStrictEqual(failed(failure))
    expect(read(job('cancelled'))).toStrictEqual(canceled)
  })

  it('CloudConvert jobs: data.status waiting, processing, finished; error', () => {
    const job = (status: string) => ({
      data: {
        id: 'cd82',
        tag: 'jobbuilder',
        status,
        tasks: [{ id: 't-1', name: 'export-1', operation: 'export/url', status }],
        links: { self: statusUrl },
      },
    })
    expect(read(job('waiting'))).toStrictEqual(pending)
    expect(read(job('processing'))).toStrictEqual(pending)
    expect(read(job('finished'))).toStrictEqual({ inline: job('finished').data })
    expect(read(job('error'))).toStrictEqual(failed(undefined))
  })

  it('Transloadit assemblies: the state in `ok` needs stateField, an `error` field fails', () => {
    const parts: ConventionParts = {
      stateField: (body) => {
        const { ok, error } = body as { ok?: string; error?: string }
        if (error !== undefined) return 'failed'
        return ok === 'ASSEMBLY_COMPLETED' ? 'succeeded' : 'pending'
      },
      resultField: 'results',
    }
    const assembly = (ok: string, results: object = {}) => ({
      ok,
      message: 'The Assembly is still in the process of being uploaded.',
      assembly_id: 'a-1',
      assembly_ssl_url: statusUrl,
      results,
    })
    expect(read(assembly('ASSEMBLY_UPLOADING'), parts)).toStrictEqual(pending)
    expect(read(assembly('ASSEMBLY_EXECUTING'), parts)).toStrictEqual(pending)
    const results = { resized: [{ ssl_url: 'https://tmp.example.com/r.jpg' }] }
    expect(read(assembly('ASSEMBLY_COMPLETED', results), parts)).toStrictEqual({ inline: results })
    expect(
      read(
        { error: 'INVALID_FILE_META_DATA', message: 'Invalid file metadata', assembly_id: 'a-1' },
        parts,
      ),
    ).toStrictEqual(failed('INVALID_FILE_META_DATA'))
  })

  it('Apify actor runs: data.status RUNNING, TIMING-OUT, ABORTING run; SUCCEEDED, TIMED-OUT, ABORTED; READY is named', () => {
    const run = (status: string) => ({
      data: {
        id: 'HG7ML7M8z78YcAPEB',
        actId: 'a-1',
        status,
        statusMessage: null,
        defaultDatasetId: 'd-1',
      },
    })
    for (const word of ['RUNNING', 'TIMING-OUT', 'ABORTING']) {
      expect(read(run(word))).toStrictEqual(pending)
    }
    expect(read(run('SUCCEEDED'))).toStrictEqual({ inline: run('SUCCEEDED').data })
    expect(
      read(run('SUCCEEDED'), { locateResult: '/datasets/{data.defaultDatasetId}/items' }),
    ).toStrictEqual({ link: 'https://api.example.com/datasets/d-1/items' })
    expect(read(run('TIMED-OUT'))).toStrictEqual(failed(undefined))
    expect(read(run('ABORTED'))).toStrictEqual(canceled)
    expect(refusal(run('READY'))).toContain('Unknown status word "READY" in `status`')
    const ready = {
      classifyStatus: (word: string) => (word === 'READY' ? ('pending' as const) : undefined),
    }
    expect(read(run('READY'), ready)).toStrictEqual(pending)
  })

  it('Firecrawl crawl: scraping with counts, completed with the data; failed', () => {
    const crawl = (status: string, completed: number) => ({
      status,
      total: 36,
      completed,
      creditsUsed: completed,
      expiresAt: '2026-12-05T00:00:00Z',
      data: [{ markdown: '# page', metadata: { sourceURL: 'https://example.com' } }],
    })
    expect(createReading().observe(response(crawl('scraping', 9)))).toStrictEqual({
      state: 'pending',
      progress: { value: 0.25, scale: 'fraction' },
    })
    expect(read(crawl('completed', 36))).toStrictEqual({ inline: crawl('completed', 36).data })
    expect(read(crawl('failed', 3))).toStrictEqual(failed(undefined))
    expect(read(crawl('cancelled', 3))).toStrictEqual(canceled)
  })
})

describe('a third pass: data, search and pipelines', () => {
  it('Meilisearch tasks: enqueued, processing, succeeded; failed with its error; canceled', () => {
    const task = (status: string, error: object | null = null) => ({
      uid: 1,
      indexUid: 'movies',
      status,
      type: 'documentAdditionOrUpdate',
      canceledBy: null,
      details: { receivedDocuments: 2, indexedDocuments: status === 'succeeded' ? 2 : null },
      error,
      duration: 'PT0.1S',
    })
    expect(read(task('enqueued'))).toStrictEqual(pending)
    expect(read(task('processing'))).toStrictEqual(pending)
    expect(read(task('succeeded'))).toStrictEqual({ inline: task('succeeded') })
    const error = {
      message: 'Document does not have a `:primaryKey` attribute',
      code: 'missing_document_id',
      type: 'invalid_request',
      link: 'https://docs.meilisearch.com/errors#missing_document_id',
    }
    expect(read(task('failed', error))).toStrictEqual(failed(error))
    expect(read(task('canceled'))).toStrictEqual(canceled)
  })

  it('Algolia tasks: published ends; notPublished is refused until classifyStatus names it', () => {
    expect(read({ status: 'published', pendingTask: false })).toStrictEqual({
      inline: { status: 'published', pendingTask: false },
    })
    expect(refusal({ status: 'notPublished', pendingTask: true })).toContain(
      'Unknown status word "notPublished"',
    )
    const parts = {
      classifyStatus: (word: string) =>
        word === 'notPublished' ? ('pending' as const) : undefined,
    }
    expect(read({ status: 'notPublished', pendingTask: true }, parts)).toStrictEqual(pending)
  })

  it('Weaviate backups: STARTED, TRANSFERRING, TRANSFERRED run; SUCCESS; FAILED with its error', () => {
    const backup = (status: string, more: object = {}) => ({
      backend: 'filesystem',
      id: 'my-backup',
      path: '/var/lib/weaviate/backups/my-backup',
      status,
      ...more,
    })
    for (const word of ['STARTED', 'TRANSFERRING', 'TRANSFERRED']) {
      expect(read(backup(word))).toStrictEqual(pending)
    }
    expect(read(backup('SUCCESS'))).toStrictEqual({ inline: backup('SUCCESS') })
    expect(read(backup('FAILED', { error: 'disk full' }))).toStrictEqual(failed('disk full'))
  })

  it('Pinecone indexes: status.ready false with Initializing runs; ready true with Ready ends', () => {
    const index = (ready: boolean, state: string) => ({
      name: 'docs',
      dimension: 1536,
      host: 'docs-abc.svc.pinecone.io',
      status: { ready, state },
    })
    expect(read(index(false, 'Initializing'))).toStrictEqual(pending)
    expect(read(index(false, 'ScalingUp'))).toStrictEqual(pending)
    expect(read(index(true, 'Ready'))).toStrictEqual({ inline: index(true, 'Ready') })
    // `ready: false` says the index has not ended: a body never settles while a part of it runs.
    expect(read(index(false, 'InitializationFailed'))).toStrictEqual(pending)
    const parts = {
      stateField: 'status.state',
      classifyStatus: (word: string) => (word === 'Ready' ? ('succeeded' as const) : undefined),
    }
    expect(read(index(false, 'InitializationFailed'), parts)).toStrictEqual(failed(undefined))
    expect(read(index(true, 'Ready'), parts)).toStrictEqual({ inline: index(true, 'Ready') })
  })

  it('Airflow DAG runs: queued, running, success, failed', () => {
    const run = (state: string) => ({
      dag_run_id: 'manual__2026-12-04',
      dag_id: 'etl',
      state,
      external_trigger: true,
      conf: {},
      end_date: null,
    })
    expect(read(run('queued'))).toStrictEqual(pending)
    expect(read(run('running'))).toStrictEqual(pending)
    expect(read(run('success'))).toStrictEqual({ inline: run('success') })
    expect(read(run('failed'))).toStrictEqual(failed(undefined))
  })

  it('Prefect flow runs: the state’s type, where its name is one of the run’s own (Late, Cached, Crashed)', () => {
    const run = (type: string, name: string, message: string | null = null) => ({
      id: 'fr-1',
      name: 'sassy-ferret',
      state_type: type,
      state_name: name,
      state: { id: 's-1', type, name, message, state_details: { flow_run_id: 'fr-1' } },
    })
    expect(read(run('SCHEDULED', 'Scheduled'))).toStrictEqual(pending)
    expect(read(run('SCHEDULED', 'Late'))).toStrictEqual(pending)
    expect(read(run('SCHEDULED', 'AwaitingRetry'))).toStrictEqual(pending)
    expect(read(run('RUNNING', 'Retrying'))).toStrictEqual(pending)
    expect(read(run('COMPLETED', 'Completed'))).toStrictEqual({
      inline: run('COMPLETED', 'Completed'),
    })
    expect(read(run('COMPLETED', 'Cached'))).toStrictEqual({ inline: run('COMPLETED', 'Cached') })
    expect(read(run('FAILED', 'Failed', 'Flow run encountered an exception'))).toStrictEqual(
      failed('Flow run encountered an exception'),
    )
    expect(read(run('CRASHED', 'Crashed', 'Flow run infrastructure exited'))).toStrictEqual(
      failed('Flow run infrastructure exited'),
    )
    expect(read(run('CANCELLED', 'Cancelled'))).toStrictEqual(canceled)
  })

  it('dbt Cloud runs: a numeric status code beside status_humanized and the run’s flags', () => {
    const run = (code: number, humanized: string, flags: object, more: object = {}) => ({
      status: { code: 200, is_success: true, user_message: 'Success!', developer_message: '' },
      data: {
        id: 1,
        account_id: 7,
        status: code,
        status_humanized: humanized,
        status_message: null,
        in_progress: false,
        is_complete: false,
        is_success: false,
        is_error: false,
        is_cancelled: false,
        href: 'https://cloud.getdbt.com/#/accounts/7/projects/3/runs/1/',
        ...flags,
        ...more,
      },
    })
    expect(read(run(1, 'Queued', {}))).toStrictEqual(pending)
    expect(read(run(3, 'Running', { in_progress: true }))).toStrictEqual(pending)
    const done = run(10, 'Success', { is_complete: true, is_success: true })
    expect(read(done)).toStrictEqual({ inline: done.data })
    expect(
      read(
        run(
          20,
          'Error',
          { is_complete: true, is_error: true },
          { status_message: 'Database Error' },
        ),
      ),
    ).toStrictEqual(failed('Database Error'))
    expect(read(run(30, 'Cancelled', { is_complete: true, is_cancelled: true }))).toStrictEqual(
      canceled,
    )
  })

  it('HubSpot imports: STARTED, PROCESSING, DEFERRED run; DONE; FAILED; CANCELED', () => {
    const job = (state: string) => ({
      id: '4764',
      state,
      createdAt: '2026-12-04T10:00:00Z',
      metadata: {
        counters: { TOTAL_ROWS: 10, CREATED_OBJECTS: 5 },
        fileIds: ['f-1'],
        objectLists: [],
      },
      importSource: 'API',
    })
    for (const word of ['STARTED', 'PROCESSING', 'DEFERRED'])
      expect(read(job(word))).toStrictEqual(pending)
    expect(read(job('DONE'))).toStrictEqual({ inline: job('DONE') })
    expect(read(job('FAILED'))).toStrictEqual(failed(undefined))
    expect(read(job('CANCELED'))).toStrictEqual(canceled)
  })

  it('SendGrid email validation jobs: the job under `result`, Initiated and Queued run, Done; Error', () => {
    const job = (status: string, more: object = {}) => ({
      result: {
        id: 'j-1',
        status,
        segments: 10,
        segments_processed: status === 'Done' ? 10 : 4,
        is_download_available: status === 'Done',
        started_at: 1_700_000_000,
        finished_at: status === 'Done' ? 1_700_000_100 : 0,
        errors: [],
        ...more,
      },
    })
    for (const word of ['Initiated', 'Queued', 'Processing']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    expect(read(job('Done'))).toStrictEqual({ inline: job('Done').result })
    expect(read(job('Error', { errors: [{ message: 'bad file' }] }))).toStrictEqual(
      failed([{ message: 'bad file' }]),
    )
  })

  it('SendGrid contact imports: pending, completed with its results; errored with the errors_url', () => {
    const job = (status: string, results: object) => ({
      id: 'i-1',
      status,
      job_type: 'upsert',
      results,
      started_at: '2026-12-04T10:00:00Z',
    })
    expect(read(job('pending', {}))).toStrictEqual(pending)
    const results = { requested_count: 2, created_count: 2, updated_count: 0, errored_count: 0 }
    expect(read(job('completed', results))).toStrictEqual({ inline: results })
    const errors = { requested_count: 2, errored_count: 2, errors_url: 'https://x/errors.csv' }
    expect(read(job('errored', errors))).toStrictEqual(failed('https://x/errors.csv'))
  })
})

describe('a third pass: code hosts and clouds', () => {
  it('GitHub source imports: detecting, importing, mapping, pushing run; complete; error fails; auth is named', () => {
    const source = (status: string) => ({
      vcs: 'subversion',
      use_lfs: true,
      vcs_url: 'http://svn.mycompany.com/svn/myproject',
      status,
      status_text: 'Importing...',
      has_large_files: false,
      commit_count: 1042,
      url: statusUrl,
      html_url: 'https://import.github.com/octocat/socm/import',
      authors_url: `${statusUrl}/authors`,
      repository_url: 'https://api.github.com/repos/octocat/socm',
    })
    for (const word of ['detecting', 'importing', 'mapping', 'pushing']) {
      expect(read(source(word))).toStrictEqual(pending)
    }
    expect(read(source('complete'))).toStrictEqual({ inline: source('complete') })
    expect(read(source('error'))).toStrictEqual(failed('Importing...'))
    expect(read(source('auth_failed'))).toStrictEqual(failed('Importing...'))
    expect(refusal(source('auth'))).toContain('Unknown status word "auth"')
    expect(refusal(source('detection_found_multiple'))).toContain('Unknown status word')
  })

  it('GitHub codespace exports: state in_progress, succeeded with its export_url back to itself', () => {
    const exported = (state: string) => ({
      state,
      completed_at: state === 'succeeded' ? '2026-12-04T10:00:00Z' : null,
      branch: 'codespace-monalisa-octocat-hello-world-g4wpq6h95q',
      sha: 'fd95a81ca01e48ede9f39c799ecbcef817b8a3b2',
      id: 'latest',
      export_url: statusUrl,
      html_url: 'https://github.com/octocat/hello-world/tree/codespace-monalisa',
    })
    expect(read(exported('in_progress'))).toStrictEqual(pending)
    expect(read(exported('succeeded'))).toStrictEqual({ inline: exported('succeeded') })
    expect(read(exported('failed'))).toStrictEqual(failed(undefined))
  })

  it('Hetzner Cloud actions: running with progress, success beside the documented error object; error fails', () => {
    const error = { code: 'action_failed', message: 'Action failed' }
    const action = (status: string, progress: number) => ({
      action: {
        id: 13,
        command: 'start_server',
        status,
        progress,
        finished: null,
        resources: [{ id: 42, type: 'server' }],
        error,
      },
    })
    expect(createReading().observe(response(action('running', 40)))).toStrictEqual({
      state: 'pending',
      progress: { value: 40, scale: 'unknown' },
    })
    expect(read(action('success', 100))).toStrictEqual({ inline: action('success', 100) })
    expect(read(action('error', 100))).toStrictEqual(failed(error))
  })

  it('Linode events: scheduled, started with percent_complete; finished; failed; notification is named', () => {
    const event = (status: string, percent: number | null) => ({
      id: 123,
      action: 'linode_boot',
      status,
      percent_complete: percent,
      entity: { id: 11_111, type: 'linode', label: 'my-linode', url: '/v4/linode/instances/11111' },
      message: null,
    })
    expect(read(event('scheduled', null))).toStrictEqual(pending)
    expect(createReading().observe(response(event('started', 60)))).toStrictEqual({
      state: 'pending',
      progress: { value: 60, scale: 'percent' },
    })
    expect(read(event('finished', 100))).toStrictEqual({ inline: event('finished', 100) })
    expect(read(event('failed', 100))).toStrictEqual(failed(undefined))
    expect(refusal(event('notification', null))).toContain('Unknown status word "notification"')
  })

  it('Vultr instances: `active` and a `running` power are still pending; server_status named by stateField', () => {
    const instance = (status: string, server: string) => ({
      instance: {
        id: 'i-1',
        status,
        power_status: 'running',
        server_status: server,
        main_ip: '0.0.0.0',
      },
    })
    expect(read(instance('pending', 'none'))).toStrictEqual(pending)
    expect(read(instance('active', 'ok'))).toStrictEqual(pending)
    const parts = {
      stateField: 'instance.server_status',
      classifyStatus: (word: string) =>
        word === 'ok'
          ? ('succeeded' as const)
          : word === 'none' || word === 'locked'
            ? ('pending' as const)
            : undefined,
    }
    expect(read(instance('pending', 'none'), parts)).toStrictEqual(pending)
    expect(read(instance('active', 'installingbooting'), parts)).toStrictEqual(pending)
    expect(read(instance('active', 'ok'), parts)).toStrictEqual({
      inline: instance('active', 'ok'),
    })
  })

  it('Nomad evaluations: pending, blocked; complete; failed with its StatusDescription; canceled', () => {
    const evaluation = (status: string, description = '') => ({
      ID: 'e-1',
      Status: status,
      StatusDescription: description,
      TriggeredBy: 'job-register',
      JobID: 'example',
    })
    expect(read(evaluation('pending'))).toStrictEqual(pending)
    expect(read(evaluation('blocked'))).toStrictEqual(pending)
    expect(read(evaluation('complete'))).toStrictEqual({ inline: evaluation('complete') })
    expect(read(evaluation('failed', 'maximum attempts reached (5)'))).toStrictEqual(
      failed('maximum attempts reached (5)'),
    )
    expect(read(evaluation('canceled'))).toStrictEqual(canceled)
  })

  it('AWS ECS tasks: a desiredStatus is where the task is going, lastStatus where it is', () => {
    const task = (desired: string, last: string, more: object = {}) => ({
      taskArn: 'arn:aws:ecs:us-east-1:1:task/c/t-1',
      desiredStatus: desired,
      lastStatus: last,
      ...more,
    })
    expect(read(task('RUNNING', 'PROVISIONING'))).toStrictEqual(pending)
    expect(read(task('RUNNING', 'RUNNING'))).toStrictEqual(pending)
    expect(read(task('STOPPED', 'DEPROVISIONING'))).toStrictEqual(pending)
    // A stopped task ended, whether its work did: how it went is in its containers' exit codes.
    expect(
      read(task('STOPPED', 'STOPPED', { stoppedReason: 'Essential container in task exited' })),
    ).toStrictEqual(canceled)
    const parts: ConventionParts = {
      stateField: (body) => {
        const [first] = (
          body as { tasks: { lastStatus: string; containers: { exitCode?: number }[] }[] }
        ).tasks
        if (first?.lastStatus !== 'STOPPED') return 'pending'
        return first.containers.every((container) => container.exitCode === 0)
          ? 'succeeded'
          : 'failed'
      },
      failureField: 'tasks.0.stoppedReason',
    }
    const described = (exitCode: number) => ({
      tasks: [
        task('STOPPED', 'STOPPED', {
          containers: [{ exitCode }],
          stoppedReason: 'Essential container in task exited',
        }),
      ],
      failures: [],
    })
    expect(read(described(0), parts)).toStrictEqual({ inline: described(0) })
    expect(read(described(1), parts)).toStrictEqual(failed('Essential container in task exited'))
  })

  it('AWS EC2 import image tasks: active with a StatusMessage and a Progress string, completed; deleted is named', () => {
    const task = (status: string, more: object = {}) => ({
      ImportImageTasks: [{ ImportTaskId: 'import-ami-1', Status: status, ...more }],
    })
    const parts = { stateField: 'ImportImageTasks.0.Status' }
    expect(
      read(task('active', { StatusMessage: 'converting', Progress: '28' }), parts),
    ).toStrictEqual(pending)
    expect(read(task('completed', { ImageId: 'ami-1' }), parts)).toStrictEqual({
      inline: task('completed', { ImageId: 'ami-1' }),
    })
    expect(read(task('deleting'), parts)).toStrictEqual(pending)
    expect(refusal(task('deleted', { StatusMessage: 'ClientError: Unknown OS' }), parts)).toContain(
      'Unknown status word "deleted"',
    )
  })
})

describe('a fourth pass: speech, video and social media', () => {
  it('AssemblyAI transcripts: queued, processing, completed with its text; error; the audio_url never fetched', () => {
    const transcript = (status: string, more: object = {}) => ({
      id: 't-1',
      audio_url: 'https://assembly.ai/sports_injuries.mp3',
      status,
      ...more,
    })
    expect(read(transcript('queued'))).toStrictEqual(pending)
    expect(read(transcript('processing'))).toStrictEqual(pending)
    const done = transcript('completed', { text: 'Hello.', words: [], confidence: 0.93 })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(transcript('error', { error: 'Download error, unable to download' })),
    ).toStrictEqual(failed('Download error, unable to download'))
  })

  it('Rev.ai jobs: in_progress; transcribed needs classifyStatus; failed with failure and failure_detail', () => {
    const job = (status: string, more: object = {}) => ({
      id: 'Umx5c6F7pH7r',
      status,
      media_url: 'https://www.rev.ai/FTC_Sample_1.mp3',
      type: 'async',
      ...more,
    })
    expect(read(job('in_progress'))).toStrictEqual(pending)
    expect(refusal(job('transcribed'))).toContain('Unknown status word "transcribed"')
    const parts = {
      classifyStatus: (word: string) =>
        word === 'transcribed' ? ('succeeded' as const) : undefined,
      locateResult: '/jobs/{id}/transcript',
    }
    expect(read(job('transcribed'), parts)).toStrictEqual({
      link: 'https://api.example.com/jobs/Umx5c6F7pH7r/transcript',
    })
    expect(
      read(
        job('failed', { failure: 'download_failure', failure_detail: 'Failed to download media' }),
      ),
    ).toStrictEqual(
      failed({ failure: 'download_failure', failure_detail: 'Failed to download media' }),
    )
  })

  it('Speechmatics jobs: job.status running, done; rejected with its errors', () => {
    const job = (status: string, more: object = {}) => ({
      job: { id: 'yjbmf9kqub', data_name: 'example.wav', duration: 6, status, ...more },
    })
    expect(read(job('running'))).toStrictEqual(pending)
    expect(read(job('done'))).toStrictEqual({ inline: job('done') })
    expect(
      read(job('done'), { locateResult: '/jobs/{job.id}/transcript?format=txt' }),
    ).toStrictEqual({ link: 'https://api.example.com/jobs/yjbmf9kqub/transcript?format=txt' })
    const errors = [{ timestamp: '2021-07-19T12:55:00Z', message: 'unsupported file format' }]
    expect(read(job('rejected', { errors }))).toStrictEqual(failed(errors))
  })

  it('IBM Watson Speech to Text recognitions: waiting, processing, completed with results; failed', () => {
    const job = (status: string, more: object = {}) => ({
      id: '4bd734c0-e575-21f3-de03-f932aa0468a0',
      status,
      created: '2016-08-17T19:15:17.926Z',
      url: statusUrl,
      ...more,
    })
    expect(read(job('waiting'))).toStrictEqual(pending)
    expect(read(job('processing'))).toStrictEqual(pending)
    const results = [{ result_index: 0, results: [{ final: true, alternatives: [] }] }]
    expect(read(job('completed', { results }))).toStrictEqual({ inline: results })
    expect(read(job('failed', { warnings: ['Unknown arguments: [foo]'] }))).toMatchObject({
      state: 'failed',
    })
  })

  it('Mux assets: data.status preparing; ready needs classifyStatus; errored with its errors', () => {
    const asset = (status: string, more: object = {}) => ({
      data: { id: 'a-1', status, playback_ids: [{ id: 'p-1', policy: 'public' }], ...more },
    })
    expect(read(asset('preparing'))).toStrictEqual(pending)
    expect(refusal(asset('ready'))).toContain('Unknown status word "ready"')
    const parts = {
      classifyStatus: (word: string) => (word === 'ready' ? ('succeeded' as const) : undefined),
    }
    expect(read(asset('ready'), parts)).toStrictEqual({ inline: asset('ready').data })
    const errors = { type: 'invalid_input', messages: ['The input file is not a video'] }
    expect(read(asset('errored', { errors }))).toStrictEqual(failed(errors))
  })

  it('OpenAI video jobs: queued, in_progress with progress, completed; failed with its error', () => {
    const video = (status: string, more: object = {}) => ({
      id: 'video_123',
      object: 'video',
      model: 'sora-2',
      status,
      progress: 0,
      seconds: '8',
      size: '1280x720',
      ...more,
    })
    expect(read(video('queued'))).toMatchObject(pending)
    expect(read(video('in_progress', { progress: 33 }))).toMatchObject(pending)
    const done = video('completed', { progress: 100 })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(done, { locateResult: '/videos/{id}/content' })).toStrictEqual({
      link: 'https://api.example.com/videos/video_123/content',
    })
    const error = { code: 'moderation_blocked', message: 'blocked by moderation' }
    expect(read(video('failed', { error }))).toStrictEqual(failed(error))
  })

  it('X media upload STATUS: processing_info.state pending, in_progress, succeeded; failed with its error', () => {
    const media = (info: object) => ({
      media_id: 710511363345354800,
      media_id_string: '710511363345354753',
      expires_after_secs: 3595,
      processing_info: info,
    })
    expect(read(media({ state: 'pending', check_after_secs: 5 }))).toStrictEqual(pending)
    expect(
      read(media({ state: 'in_progress', check_after_secs: 10, progress_percent: 8 })),
    ).toStrictEqual({ state: 'pending', progress: { value: 8, scale: 'percent' } })
    const done = media({ state: 'succeeded', progress_percent: 100 })
    expect(read(done)).toStrictEqual({ inline: done })
    const error = { code: 1, name: 'InvalidMedia', message: 'Unsupported video format' }
    expect(read(media({ state: 'failed', progress_percent: 0, error }))).toStrictEqual(
      failed(error),
    )
    // API v2 wraps the media in `data`, read as the body would be.
    const v2 = (info: object) => ({ data: { id: '1', media_key: '7_1', processing_info: info } })
    expect(read(v2({ state: 'pending', check_after_secs: 1 }))).toStrictEqual(pending)
    expect(read(v2({ state: 'succeeded' }))).toStrictEqual({
      inline: v2({ state: 'succeeded' }).data,
    })
    expect(read(v2({ state: 'failed', error }))).toStrictEqual(failed(error))
  })

  it('Instagram container status: the word is in status_code, its sentence in status', () => {
    const container = (code: string, status: string) => ({ id: '17889', status_code: code, status })
    expect(refusal(container('FINISHED', 'Finished: Media container is ready'))).toContain(
      'classifyStatus',
    )
    const parts = { stateField: 'status_code', failureField: 'status' }
    expect(read(container('IN_PROGRESS', 'In Progress'), parts)).toStrictEqual(pending)
    const done = container('FINISHED', 'Finished: Media container is ready')
    expect(read(done, parts)).toStrictEqual({ inline: done })
    expect(read(container('PUBLISHED', 'Published'), parts)).toStrictEqual({
      inline: container('PUBLISHED', 'Published'),
    })
    expect(read(container('EXPIRED', 'Expired'), parts)).toMatchObject({ state: 'failed' })
    const error = container('ERROR', 'Error: Media upload has failed with error code 2207026')
    expect(read(error, parts)).toStrictEqual(
      failed('Error: Media upload has failed with error code 2207026'),
    )
  })

  it('TikTok publish status: PROCESSING_UPLOAD, PUBLISH_COMPLETE; FAILED with its fail_reason', () => {
    const answer = (status: string, more: object = {}) => ({
      data: { status, uploaded_bytes: 10000, publicaly_available_post_id: [], ...more },
      error: { code: 'ok', message: '', log_id: '202210112248442CB9319E1FB30C1073F3' },
    })
    expect(read(answer('PROCESSING_UPLOAD'))).toStrictEqual(pending)
    expect(read(answer('PROCESSING_DOWNLOAD'))).toStrictEqual(pending)
    expect(read(answer('PUBLISH_COMPLETE'))).toStrictEqual({
      inline: answer('PUBLISH_COMPLETE').data,
    })
    expect(read(answer('FAILED', { fail_reason: 'file_format_check_failed' }))).toStrictEqual(
      failed('file_format_check_failed'),
    )
  })

  it('Pinterest media uploads: registered and processing run; succeeded; failed', () => {
    const media = (status: string) => ({ media_id: '12345', media_type: 'video', status })
    expect(read(media('registered'))).toStrictEqual(pending)
    expect(read(media('processing'))).toStrictEqual(pending)
    expect(read(media('succeeded'))).toStrictEqual({ inline: media('succeeded') })
    expect(read(media('failed'))).toMatchObject({ state: 'failed' })
  })

  it('Azure Video Indexer: Uploaded and Processing run; Processed needs classifyStatus; Failed with its failure', () => {
    const index = (state: string, more: object = {}) => ({
      accountId: 'acc',
      id: 'v-1',
      name: 'talk',
      state,
      processingProgress: '45%',
      ...more,
    })
    expect(read(index('Uploaded'))).toStrictEqual(pending)
    expect(read(index('Processing'))).toStrictEqual(pending)
    expect(read(index('Processed'))).toStrictEqual(pending)
    const parts = {
      classifyStatus: (word: string) => (word === 'Processed' ? ('succeeded' as const) : undefined),
    }
    expect(read(index('Processed'), parts)).toStrictEqual({ inline: index('Processed') })
    expect(
      read(index('Failed', { failureCode: 'InvalidInput', failureMessage: 'Bad file' })),
    ).toStrictEqual(failed({ failureCode: 'InvalidInput', failureMessage: 'Bad file' }))
  })
})

describe('a fourth pass: AWS, Google and Azure jobs', () => {
  it('AWS Rekognition video: JobStatus IN_PROGRESS, SUCCEEDED with Labels, FAILED with StatusMessage', () => {
    expect(read({ JobStatus: 'IN_PROGRESS', Labels: [] })).toStrictEqual(pending)
    const done = {
      JobStatus: 'SUCCEEDED',
      VideoMetadata: { Codec: 'h264' },
      Labels: [{ Timestamp: 0 }],
    }
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read({ JobStatus: 'FAILED', StatusMessage: 'Unsupported codec' })).toStrictEqual(
      failed('Unsupported codec'),
    )
  })

  it('AWS Comprehend jobs: JobStatus in the job properties; STOP_REQUESTED runs, STOPPED cancels', () => {
    const job = (status: string, more: object = {}) => ({
      DocumentClassificationJobProperties: {
        JobId: 'j-1',
        JobStatus: status,
        OutputDataConfig: { S3Uri: 's3://bucket/out/output.tar.gz' },
        ...more,
      },
    })
    for (const word of ['SUBMITTED', 'IN_PROGRESS', 'STOP_REQUESTED']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    expect(read(job('COMPLETED'))).toStrictEqual({ inline: job('COMPLETED') })
    expect(read(job('FAILED', { Message: 'Access denied to S3' }))).toStrictEqual(
      failed('Access denied to S3'),
    )
    expect(read(job('STOPPED'))).toStrictEqual(canceled)
  })

  it('AWS Transcribe Medical: MedicalTranscriptionJob, its TranscriptFileUri named by locateResult', () => {
    const job = (status: string, more: object = {}) => ({
      MedicalTranscriptionJob: {
        MedicalTranscriptionJobName: 'visit-1',
        TranscriptionJobStatus: status,
        Media: { MediaFileUri: 's3://bucket/visit-1.wav' },
        ...more,
      },
    })
    expect(read(job('QUEUED'))).toStrictEqual(pending)
    expect(read(job('IN_PROGRESS'))).toStrictEqual(pending)
    const done = job('COMPLETED', {
      Transcript: { TranscriptFileUri: 'https://s3.example.com/medical/visit-1.json' },
    })
    expect(
      read(done, { locateResult: 'MedicalTranscriptionJob.Transcript.TranscriptFileUri' }),
    ).toStrictEqual({ link: 'https://s3.example.com/medical/visit-1.json' })
    expect(read(job('FAILED', { FailureReason: 'Invalid sample rate' }))).toStrictEqual(
      failed('Invalid sample rate'),
    )
  })

  it('Google Dataflow jobs: currentState JOB_STATE_…, never the requestedState', () => {
    const job = (currentState: string, more: object = {}) => ({
      id: '2024-01-01_00_00_00-123',
      name: 'wordcount',
      type: 'JOB_TYPE_BATCH',
      currentState,
      currentStateTime: '2024-01-01T00:05:00Z',
      ...more,
    })
    for (const word of ['JOB_STATE_PENDING', 'JOB_STATE_QUEUED', 'JOB_STATE_RUNNING']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    expect(read(job('JOB_STATE_DRAINING'))).toStrictEqual(pending)
    expect(read(job('JOB_STATE_CANCELLING'))).toStrictEqual(pending)
    expect(read(job('JOB_STATE_DONE'))).toStrictEqual({ inline: job('JOB_STATE_DONE') })
    expect(read(job('JOB_STATE_FAILED'))).toMatchObject({ state: 'failed' })
    expect(read(job('JOB_STATE_CANCELLED'))).toStrictEqual(canceled)
    // A cancel asked for is where the job is going, not where it is.
    const asked = { requestedState: 'JOB_STATE_CANCELLED', ...job('JOB_STATE_RUNNING') }
    expect(read(asked)).toStrictEqual(pending)
    // DRAINED (stopped once its input was processed) is refused; STOPPED is Dataflow's word for a
    // job not yet started, where every other API means stopped: both named by classifyStatus.
    expect(refusal(job('JOB_STATE_DRAINED'))).toContain('Unknown status word "JOB_STATE_DRAINED"')
    expect(read(job('JOB_STATE_STOPPED'))).toStrictEqual(canceled)
    const parts = {
      classifyStatus: (word: string) => {
        if (word === 'JOB_STATE_DRAINED') return 'succeeded' as const
        return word === 'JOB_STATE_STOPPED' ? ('pending' as const) : undefined
      },
    }
    expect(read(job('JOB_STATE_DRAINED'), parts)).toStrictEqual({
      inline: job('JOB_STATE_DRAINED'),
    })
    expect(read(job('JOB_STATE_STOPPED'), parts)).toStrictEqual(pending)
  })

  it('Google Veo (Gemini API) operations: done with the response; done with an error fails', () => {
    const name = 'models/veo-3.0-generate-001/operations/abc123'
    expect(read({ name, done: false })).toStrictEqual(pending)
    const response = {
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
      generateVideoResponse: {
        generatedSamples: [
          {
            video: {
              uri: 'https://generativelanguage.googleapis.com/v1beta/files/f:download?alt=media',
            },
          },
        ],
      },
    }
    expect(read({ name, done: true, response })).toStrictEqual({ inline: response })
    const error = { code: 3, message: 'The prompt was blocked' }
    expect(read({ name, done: true, error })).toStrictEqual(failed(error))
  })

  it('Azure Durable Functions: runtimeStatus Pending, Running, ContinuedAsNew; Completed with its output; Failed; Terminated', () => {
    const instance = (runtimeStatus: string, more: object = {}) => ({
      name: 'HelloCities',
      instanceId: 'abc123',
      runtimeStatus,
      input: null,
      customStatus: null,
      output: null,
      createdTime: '2024-01-01T00:00:00Z',
      lastUpdatedTime: '2024-01-01T00:00:05Z',
      ...more,
    })
    for (const word of ['Pending', 'Running', 'ContinuedAsNew', 'Suspended']) {
      expect(read(instance(word))).toStrictEqual(pending)
    }
    const output = ['Hello Tokyo!', 'Hello Seattle!']
    expect(read(instance('Completed', { output }))).toStrictEqual({ inline: output })
    expect(
      read(instance('Failed', { output: 'Orchestrator function failed: Something went wrong.' })),
    ).toStrictEqual(failed('Orchestrator function failed: Something went wrong.'))
    expect(read(instance('Terminated', { output: 'user asked' }))).toStrictEqual(canceled)
  })

  it('Azure DevOps pipeline runs: state inProgress, completed with its result', () => {
    const run = (state: string, result?: string) => ({
      id: 42,
      name: '20240101.1',
      state,
      ...(result === undefined ? {} : { result }),
      url: statusUrl,
      _links: {
        self: { href: statusUrl },
        web: { href: 'https://dev.azure.com/org/proj/_build/results?buildId=42' },
      },
    })
    expect(read(run('inProgress'))).toStrictEqual(pending)
    expect(read(run('canceling'))).toStrictEqual(pending)
    // The run's `result` is its outcome word, the inline result as for Jenkins' `result`.
    expect(read(run('completed', 'succeeded'))).toStrictEqual({ inline: 'succeeded' })
    expect(read(run('completed', 'failed'))).toMatchObject({ state: 'failed' })
    expect(read(run('completed', 'canceled'))).toStrictEqual(canceled)
  })
})

describe('a fourth pass: data pipelines, CI and deploys', () => {
  it('Databricks runs (2.1): state.life_cycle_state, and the result_state once TERMINATED', () => {
    const run = (state: object) => ({ job_id: 11, run_id: 455, state })
    for (const word of ['PENDING', 'QUEUED', 'RUNNING', 'TERMINATING']) {
      expect(read(run({ life_cycle_state: word, state_message: '' }))).toStrictEqual(pending)
    }
    const done = run({ life_cycle_state: 'TERMINATED', result_state: 'SUCCESS', state_message: '' })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(
        run({
          life_cycle_state: 'TERMINATED',
          result_state: 'FAILED',
          state_message: 'Task failed',
        }),
      ),
    ).toStrictEqual(failed('Task failed'))
    expect(
      read(
        run({
          life_cycle_state: 'TERMINATED',
          result_state: 'TIMEDOUT',
          state_message: 'timed out',
        }),
      ),
    ).toStrictEqual(failed('timed out'))
    expect(read(run({ life_cycle_state: 'TERMINATED', result_state: 'CANCELED' }))).toStrictEqual(
      canceled,
    )
    expect(
      read(run({ life_cycle_state: 'INTERNAL_ERROR', state_message: 'cluster lost' })),
    ).toStrictEqual(failed('cluster lost'))
    expect(read(run({ life_cycle_state: 'SKIPPED' }))).toStrictEqual(canceled)
    // API 2.2 adds a `status` whose TERMINATED would read as a cancel: the two are refused.
    const both = {
      ...done,
      status: { state: 'TERMINATED', termination_details: { code: 'SUCCESS', type: 'SUCCESS' } },
    }
    expect(refusal(both)).toContain('stateField')
    expect(read(both, { stateField: 'state' })).toStrictEqual({ inline: both })
  })

  it('Airbyte jobs: pending, running; incomplete needs classifyStatus; succeeded, failed, cancelled', () => {
    const job = (status: string) => ({
      jobId: 7,
      status,
      jobType: 'sync',
      connectionId: 'c-1',
      bytesSynced: 0,
      rowsSynced: 0,
    })
    expect(read(job('pending'))).toStrictEqual(pending)
    expect(read(job('running'))).toStrictEqual(pending)
    expect(refusal(job('incomplete'))).toContain('Unknown status word "incomplete"')
    const parts = {
      classifyStatus: (word: string) => (word === 'incomplete' ? ('pending' as const) : undefined),
    }
    expect(read(job('incomplete'), parts)).toStrictEqual(pending)
    expect(read(job('succeeded'))).toStrictEqual({ inline: job('succeeded') })
    expect(read(job('failed'))).toMatchObject({ state: 'failed' })
    expect(read(job('cancelled'))).toStrictEqual(canceled)
  })

  it('GitHub Actions workflow runs: status with its conclusion', () => {
    const run = (status: string, conclusion: string | null) => ({
      id: 30433642,
      name: 'Build',
      status,
      conclusion,
      url: statusUrl,
      html_url: 'https://github.com/o/r/actions/runs/30433642',
      jobs_url: 'https://api.github.com/repos/o/r/actions/runs/30433642/jobs',
      logs_url: 'https://api.github.com/repos/o/r/actions/runs/30433642/logs',
    })
    for (const word of ['queued', 'in_progress', 'waiting', 'requested', 'pending']) {
      expect(read(run(word, null))).toStrictEqual(pending)
    }
    // The run's own `url` is where it is polled: skipped, never fetched as its result.
    expect(read(run('completed', 'success'))).toStrictEqual({ inline: run('completed', 'success') })
    expect(read(run('completed', 'neutral'))).toStrictEqual({ inline: run('completed', 'neutral') })
    for (const word of ['failure', 'timed_out', 'action_required', 'stale']) {
      expect(read(run('completed', word))).toMatchObject({ state: 'failed' })
    }
    expect(read(run('completed', 'cancelled'))).toStrictEqual(canceled)
    expect(read(run('completed', 'skipped'))).toStrictEqual(canceled)
  })

  it('Vercel deployments: QUEUED, BUILDING, INITIALIZING run; READY needs classifyStatus; ERROR, CANCELED', () => {
    const deployment = (readyState: string, more: object = {}) => ({
      id: 'dpl_89qyp1cskzkLrVicDaZoDbjyHuDJ',
      name: 'my-app',
      url: 'my-app-h4kjf.vercel.app',
      readyState,
      ...more,
    })
    for (const word of ['QUEUED', 'BUILDING', 'INITIALIZING']) {
      expect(read(deployment(word))).toStrictEqual(pending)
    }
    expect(refusal(deployment('READY'))).toContain('Unknown status word "READY"')
    const parts = {
      classifyStatus: (word: string) => (word === 'READY' ? ('succeeded' as const) : undefined),
    }
    expect(read(deployment('READY'), parts)).toStrictEqual({ inline: deployment('READY') })
    expect(
      read(
        deployment('ERROR', {
          errorCode: 'BUILD_FAILED',
          errorMessage: 'Command "npm run build" exited with 1',
        }),
      ),
    ).toMatchObject({ state: 'failed' })
    expect(read(deployment('CANCELED'))).toStrictEqual(canceled)
    // The v13 deployment repeats its readyState in `status`: the two agree.
    const both = { ...deployment('BUILDING'), status: 'BUILDING' }
    expect(read(both)).toStrictEqual(pending)
    expect(read({ ...deployment('READY'), status: 'READY' }, parts)).toMatchObject({
      inline: { status: 'READY' },
    })
  })

  it('Netlify deploys: new, uploading, uploaded, processing, building run; ready needs classifyStatus; error', () => {
    const deploy = (state: string, more: object = {}) => ({
      id: 'd-1',
      site_id: 's-1',
      state,
      deploy_ssl_url: 'https://d-1--my-site.netlify.app',
      ...more,
    })
    for (const word of [
      'new',
      'uploading',
      'uploaded',
      'preparing',
      'prepared',
      'processing',
      'building',
      'enqueued',
    ]) {
      expect(read(deploy(word))).toStrictEqual(pending)
    }
    expect(refusal(deploy('ready'))).toContain('Unknown status word "ready"')
    expect(
      read(deploy('error', { error_message: 'Build script returned non-zero exit code: 2' })),
    ).toStrictEqual(failed('Build script returned non-zero exit code: 2'))
  })

  it('PlanetScale deploy requests: deployment_state, named by stateField beside the request’s open state', () => {
    const request = (deployment_state: string) => ({
      id: 'dr-1',
      number: 3,
      state: 'open',
      deployment_state,
      html_url: 'https://app.planetscale.com/org/db/deploy-requests/3',
    })
    expect(read(request('complete'))).toStrictEqual(pending)
    const parts = { stateField: 'deployment_state' }
    for (const word of [
      'pending',
      'queued',
      'submitting',
      'in_progress',
      'pending_cutover',
      'in_progress_cutover',
      'in_progress_cancel',
    ]) {
      expect(read(request(word), parts)).toStrictEqual(pending)
    }
    expect(read(request('complete'), parts)).toStrictEqual({ inline: request('complete') })
    expect(read(request('complete_pending_revert'), parts)).toStrictEqual({
      inline: request('complete_pending_revert'),
    })
    expect(read(request('complete_error'), parts)).toMatchObject({ state: 'failed' })
    expect(read(request('complete_cancel'), parts)).toStrictEqual(canceled)
    expect(read(request('complete_revert'), parts)).toMatchObject({ state: 'failed' })
    expect(read(request('cancelled'), parts)).toStrictEqual(canceled)
  })

  it('Asana jobs: data.status not_started, in_progress; succeeded with the new task; failed', () => {
    const job = (status: string, more: object = {}) => ({
      data: {
        gid: '12345',
        resource_type: 'job',
        resource_subtype: 'duplicate_task',
        status,
        ...more,
      },
    })
    expect(read(job('not_started'))).toStrictEqual(pending)
    expect(read(job('in_progress'))).toStrictEqual(pending)
    const newTask = { gid: '678', name: 'Copy of task', resource_type: 'task' }
    expect(read(job('succeeded', { new_task: newTask }))).toStrictEqual({
      inline: job('succeeded', { new_task: newTask }).data,
    })
    expect(read(job('failed'))).toMatchObject({ state: 'failed' })
  })

  it('Box zip downloads: state in_progress, succeeded, failed', () => {
    const status = (state: string) => ({
      total_file_count: 20,
      downloaded_file_count: 10,
      skipped_file_count: 5,
      skipped_folder_count: 5,
      state,
    })
    expect(read(status('in_progress'))).toStrictEqual(pending)
    expect(read(status('succeeded'))).toStrictEqual({ inline: status('succeeded') })
    expect(read(status('failed'))).toMatchObject({ state: 'failed' })
  })

  it('Kubernetes Jobs: status without a word is refused; stateField reads its conditions', () => {
    const job = (status: object) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      status,
    })
    expect(refusal(job({ active: 1, ready: 0, startTime: '2024-01-01T00:00:00Z' }))).toContain(
      'stateField',
    )
    type Condition = { type: string; status: string; reason?: string; message?: string }
    const conditions = (body: unknown): Condition[] =>
      (body as { status: { conditions?: Condition[] } }).status.conditions ?? []
    const holds = (body: unknown, type: string) =>
      conditions(body).find((condition) => condition.type === type && condition.status === 'True')
    const parts = {
      stateField: (body: unknown) => {
        if (holds(body, 'Complete')) return 'succeeded' as const
        return holds(body, 'Failed') ? ('failed' as const) : ('pending' as const)
      },
      failureField: (body: unknown) => holds(body, 'Failed')?.message,
    }
    expect(read(job({ active: 1, ready: 0 }), parts)).toStrictEqual(pending)
    const complete = job({
      succeeded: 1,
      conditions: [
        { type: 'SuccessCriteriaMet', status: 'True' },
        { type: 'Complete', status: 'True' },
      ],
    })
    expect(read(complete, parts)).toStrictEqual({ inline: complete })
    const failing = job({
      failed: 6,
      conditions: [
        { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded' },
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
      ],
    })
    expect(read(failing, parts)).toStrictEqual(
      failed('Job has reached the specified backoff limit'),
    )
  })
})

describe('a fourth pass: generative video and batch inference', () => {
  it('Kling AI tasks: data.task_status submitted, processing, succeed with its videos; failed with task_status_msg', () => {
    const task = (status: string, more: object = {}) => ({
      code: 0,
      message: 'SUCCEED',
      request_id: 'r-1',
      data: { task_id: 'k-1', task_status: status, created_at: 1722769557708, ...more },
    })
    expect(read(task('submitted'))).toStrictEqual(pending)
    expect(read(task('processing'))).toStrictEqual(pending)
    const taskResult = {
      videos: [{ id: 'v-1', url: 'https://cdn.klingai.com/v-1.mp4', duration: '5' }],
    }
    expect(read(task('succeed', { task_result: taskResult }))).toStrictEqual({ inline: taskResult })
    expect(read(task('failed', { task_status_msg: 'content moderation failed' }))).toStrictEqual(
      failed('content moderation failed'),
    )
  })

  it('MiniMax video generation: Preparing, Queueing, Processing; Success with its file_id; Fail', () => {
    const query = (status: string, more: object = {}) => ({
      task_id: 't-1',
      status,
      ...more,
      base_resp: { status_code: 0, status_msg: 'success' },
    })
    for (const word of ['Preparing', 'Queueing', 'Processing']) {
      expect(read(query(word))).toStrictEqual(pending)
    }
    const done = query('Success', { file_id: 'f-1', video_width: 1280, video_height: 720 })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(done, { locateResult: '/files/retrieve?file_id={file_id}' })).toStrictEqual({
      link: 'https://api.example.com/files/retrieve?file_id=f-1',
    })
    // The response's own base_resp says the query succeeded: no account of the failure.
    expect(read(query('Fail'))).toStrictEqual(failed(undefined))
  })

  it('Alibaba Model Studio (DashScope) tasks: output.task_status PENDING, RUNNING, SUCCEEDED; FAILED with its message', () => {
    const task = (status: string, more: object = {}) => ({
      request_id: 'r-1',
      output: { task_id: 't-1', task_status: status, ...more },
    })
    expect(read(task('PENDING'))).toStrictEqual(pending)
    expect(read(task('RUNNING'))).toStrictEqual(pending)
    const results = [{ url: 'https://dashscope-result.oss.aliyuncs.com/1.png' }]
    expect(read(task('SUCCEEDED', { results }))).toStrictEqual({ inline: results })
    expect(
      read(
        task('FAILED', {
          code: 'DataInspectionFailed',
          message: 'Input data may contain inappropriate content.',
        }),
      ),
    ).toStrictEqual(failed('Input data may contain inappropriate content.'))
    expect(read(task('CANCELED'))).toStrictEqual(canceled)
    expect(refusal(task('UNKNOWN'))).toContain('Unknown status word "UNKNOWN"')
  })

  it('AWS Bedrock batch inference: Submitted, Validating, Scheduled, InProgress, Stopping; Completed, PartiallyCompleted; Failed, Expired, Stopped', () => {
    const job = (status: string, more: object = {}) => ({
      jobArn: 'arn:aws:bedrock:us-east-1:1:model-invocation-job/j-1',
      jobName: 'batch-1',
      status,
      outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://bucket/out/' } },
      ...more,
    })
    for (const word of ['Submitted', 'Validating', 'Scheduled', 'InProgress', 'Stopping']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    expect(read(job('Completed'))).toStrictEqual({ inline: job('Completed') })
    expect(read(job('PartiallyCompleted'))).toStrictEqual({ inline: job('PartiallyCompleted') })
    expect(read(job('Failed', { message: 'Access denied to the input' }))).toStrictEqual(
      failed('Access denied to the input'),
    )
    expect(read(job('Expired'))).toMatchObject({ state: 'failed' })
    expect(read(job('Stopped'))).toStrictEqual(canceled)
  })

  it('Gemini batch mode: an Operation whose metadata.state is BATCH_STATE_…, done with its response', () => {
    const name = 'batches/123456'
    const metadata = (state: string) => ({
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
      model: 'models/gemini-2.5-flash',
      state,
    })
    expect(read({ name, metadata: metadata('BATCH_STATE_PENDING') })).toStrictEqual(pending)
    expect(read({ name, metadata: metadata('BATCH_STATE_RUNNING'), done: false })).toStrictEqual(
      pending,
    )
    const response = { '@type': 'GenerateContentBatchOutput', responsesFile: 'files/batch-123' }
    expect(
      read({ name, metadata: metadata('BATCH_STATE_SUCCEEDED'), done: true, response }),
    ).toStrictEqual({ inline: response })
  })

  it('Cohere embed jobs: processing, cancelling; complete; failed; cancelled', () => {
    const job = (status: string) => ({
      job_id: 'e-1',
      name: 'docs',
      status,
      model: 'embed-english-v3.0',
      input_dataset_id: 'd-1',
      output_dataset_id: 'd-2',
    })
    expect(read(job('processing'))).toStrictEqual(pending)
    expect(read(job('cancelling'))).toStrictEqual(pending)
    expect(read(job('complete'))).toStrictEqual({ inline: job('complete') })
    expect(read(job('failed'))).toMatchObject({ state: 'failed' })
    expect(read(job('cancelled'))).toStrictEqual(canceled)
  })
})

describe('a fifth pass: AWS jobs, builds and certificates', () => {
  it('AWS Polly synthesis tasks: TaskStatus scheduled, inProgress, completed; failed with TaskStatusReason', () => {
    const task = (status: string, more: object = {}) => ({
      SynthesisTask: {
        TaskId: 't-1',
        TaskStatus: status,
        OutputUri: 'https://s3.us-east-1.amazonaws.com/bucket/t-1.mp3',
        OutputFormat: 'mp3',
        RequestCharacters: 42,
        ...more,
      },
    })
    expect(read(task('scheduled'))).toStrictEqual(pending)
    expect(read(task('inProgress'))).toStrictEqual(pending)
    expect(read(task('completed'))).toStrictEqual({
      link: 'https://s3.us-east-1.amazonaws.com/bucket/t-1.mp3',
    })
    expect(read(task('failed', { TaskStatusReason: 'Invalid SSML' }))).toStrictEqual(
      failed('Invalid SSML'),
    )
  })

  it('AWS Transcribe Call Analytics: CallAnalyticsJobStatus QUEUED, IN_PROGRESS; COMPLETED; FAILED with FailureReason', () => {
    const job = (status: string, more: object = {}) => ({
      CallAnalyticsJob: {
        CallAnalyticsJobName: 'call-1',
        CallAnalyticsJobStatus: status,
        Media: { MediaFileUri: 's3://bucket/call-1.wav' },
        ...more,
      },
    })
    expect(read(job('QUEUED'))).toStrictEqual(pending)
    expect(read(job('IN_PROGRESS'))).toStrictEqual(pending)
    const done = job('COMPLETED', {
      Transcript: { TranscriptFileUri: 'https://s3.example.com/call-1.json' },
    })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(done, { locateResult: 'CallAnalyticsJob.Transcript.TranscriptFileUri' }),
    ).toStrictEqual({ link: 'https://s3.example.com/call-1.json' })
    expect(read(job('FAILED', { FailureReason: 'Invalid media' }))).toStrictEqual(
      failed('Invalid media'),
    )
  })

  it('AWS Bedrock model customization: InProgress, Stopping; Completed; Failed with failureMessage; Stopped', () => {
    const job = (status: string, more: object = {}) => ({
      jobArn: 'arn:aws:bedrock:us-east-1:1:model-customization-job/j-1',
      jobName: 'tune-1',
      status,
      baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1',
      outputDataConfig: { s3Uri: 's3://bucket/out/' },
      ...more,
    })
    expect(read(job('InProgress'))).toStrictEqual(pending)
    expect(read(job('Stopping'))).toStrictEqual(pending)
    const done = job('Completed', { outputModelArn: 'arn:aws:bedrock:us-east-1:1:custom-model/m' })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(job('Failed', { failureMessage: 'Training data invalid' }))).toStrictEqual(
      failed('Training data invalid'),
    )
    expect(read(job('Stopped'))).toStrictEqual(canceled)
  })

  it('AWS DataSync task executions: QUEUED, LAUNCHING, PREPARING, TRANSFERRING, VERIFYING; SUCCESS; ERROR', () => {
    const execution = (status: string, result: object = {}) => ({
      TaskExecutionArn: 'arn:aws:datasync:us-east-1:1:task/t-1/execution/e-1',
      Status: status,
      BytesTransferred: 1024,
      Result: { PrepareStatus: 'SUCCESS', TransferStatus: 'PENDING', ...result },
    })
    for (const word of ['QUEUED', 'LAUNCHING', 'PREPARING', 'TRANSFERRING', 'VERIFYING']) {
      expect(read(execution(word))).toStrictEqual(pending)
    }
    // Result is what DataSync names each phase's outcome: taken as the execution's result.
    const done = execution('SUCCESS', { TransferStatus: 'SUCCESS', VerifyStatus: 'SUCCESS' })
    expect(read(done)).toStrictEqual({ inline: done.Result })
    expect(
      read(
        execution('ERROR', {
          TransferStatus: 'ERROR',
          ErrorCode: 'OpNotPermitted',
          ErrorDetail: 'Permission denied on the destination',
        }),
      ),
    ).toMatchObject({ state: 'failed' })
  })

  it('AWS Backup jobs: CREATED, PENDING, RUNNING, ABORTING; COMPLETED; FAILED, EXPIRED; ABORTED; PARTIAL', () => {
    const job = (state: string, more: object = {}) => ({
      BackupJobId: 'b-1',
      BackupVaultName: 'Default',
      ResourceArn: 'arn:aws:ec2:us-east-1:1:volume/vol-1',
      State: state,
      PercentDone: '45.0',
      ...more,
    })
    // PercentDone is documented as a string of a percentage.
    for (const word of ['CREATED', 'PENDING', 'RUNNING', 'ABORTING']) {
      expect(read(job(word))).toStrictEqual({
        ...pending,
        progress: { value: 45, scale: 'percent' },
      })
    }
    const done = job('COMPLETED', { RecoveryPointArn: 'arn:aws:ec2:us-east-1::snapshot/snap-1' })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(job('FAILED', { StatusMessage: 'Access denied' }))).toStrictEqual(
      failed('Access denied'),
    )
    expect(read(job('EXPIRED'))).toMatchObject({ state: 'failed' })
    expect(read(job('ABORTED'))).toStrictEqual(canceled)
  })

  it('AWS ACM certificates: PENDING_VALIDATION runs; ISSUED; FAILED with FailureReason', () => {
    const certificate = (status: string, more: object = {}) => ({
      Certificate: {
        CertificateArn: 'arn:aws:acm:us-east-1:1:certificate/c-1',
        DomainName: 'example.com',
        Status: status,
        Type: 'AMAZON_ISSUED',
        ...more,
      },
    })
    expect(read(certificate('PENDING_VALIDATION'))).toStrictEqual(pending)
    // ISSUED is in no list: a request issued is as often one sent as one granted.
    expect(refusal(certificate('ISSUED'))).toContain('Unknown status word "ISSUED"')
    const parts = {
      classifyStatus: (word: string) => (word === 'ISSUED' ? ('succeeded' as const) : undefined),
    }
    expect(read(certificate('ISSUED'), parts)).toStrictEqual({ inline: certificate('ISSUED') })
    expect(read(certificate('FAILED', { FailureReason: 'CAA_ERROR' }), parts)).toStrictEqual(
      failed('CAA_ERROR'),
    )
    expect(read(certificate('VALIDATION_TIMED_OUT'), parts)).toMatchObject({ state: 'failed' })
  })

  it('AWS CodeBuild builds: buildStatus IN_PROGRESS; SUCCEEDED; FAILED, FAULT, TIMED_OUT; STOPPED', () => {
    const builds = (status: string) => ({
      builds: [
        {
          id: 'project:b-1',
          buildStatus: status,
          currentPhase: status === 'IN_PROGRESS' ? 'BUILD' : 'COMPLETED',
          buildComplete: status !== 'IN_PROGRESS',
          phases: [{ phaseType: 'SUBMITTED', phaseStatus: 'SUCCEEDED' }],
        },
      ],
    })
    // The list hides the build's state from zero configuration: no state, so generic JSON refuses.
    expect(read(builds('IN_PROGRESS'))).toBeUndefined()
    const parts = { stateField: 'builds.0.buildStatus' }
    expect(read(builds('IN_PROGRESS'), parts)).toStrictEqual(pending)
    expect(read(builds('SUCCEEDED'), parts)).toStrictEqual({ inline: builds('SUCCEEDED') })
    for (const word of ['FAILED', 'FAULT', 'TIMED_OUT']) {
      expect(read(builds(word), parts)).toMatchObject({ state: 'failed' })
    }
    expect(read(builds('STOPPED'), parts)).toStrictEqual(canceled)
  })

  it('AWS CodeDeploy deployments: Created, Queued, InProgress, Baking; Succeeded; Failed with errorInformation; Stopped', () => {
    const deployment = (status: string, more: object = {}) => ({
      deploymentInfo: { deploymentId: 'd-1', applicationName: 'app', status, ...more },
    })
    for (const word of ['Created', 'Queued', 'InProgress', 'Baking']) {
      expect(read(deployment(word))).toStrictEqual(pending)
    }
    expect(read(deployment('Succeeded'))).toStrictEqual({ inline: deployment('Succeeded') })
    const errorInformation = { code: 'HEALTH_CONSTRAINTS', message: 'Too many instances failed' }
    expect(read(deployment('Failed', { errorInformation }))).toStrictEqual(failed(errorInformation))
    expect(read(deployment('Stopped'))).toStrictEqual(canceled)
  })
})

describe('a fifth pass: resources whose ready state is no operation word', () => {
  it('AWS Lambda function state: Pending runs; Active runs until classifyStatus names it; Failed with StateReason', () => {
    const fn = (state: string, more: object = {}) => ({
      FunctionName: 'f',
      FunctionArn: 'arn:aws:lambda:us-east-1:1:function:f',
      Runtime: 'nodejs20.x',
      State: state,
      ...more,
    })
    expect(read(fn('Pending', { StateReason: 'The function is being created.' }))).toStrictEqual(
      pending,
    )
    // ACTIVE is a running word to most APIs (a job being worked on): named for a function.
    expect(read(fn('Active', { LastUpdateStatus: 'Successful' }))).toStrictEqual(pending)
    const parts = {
      classifyStatus: (word: string) => (word === 'Active' ? ('succeeded' as const) : undefined),
    }
    const ready = fn('Active', { LastUpdateStatus: 'Successful' })
    expect(read(ready, parts)).toStrictEqual({ inline: ready })
    expect(
      read(
        fn('Failed', {
          StateReason: 'Subnet out of IPs',
          StateReasonCode: 'SubnetOutOfIPAddresses',
        }),
        parts,
      ),
    ).toStrictEqual(failed('Subnet out of IPs'))
  })

  it('Azure Batch tasks: completed says the task ended, executionInfo.result how; a stateField function reads both', () => {
    type Task = { state: string; executionInfo?: { result?: string } }
    const task = (state: string, executionInfo?: object) => ({
      id: 't-1',
      url: statusUrl,
      state,
      commandLine: 'cmd /c echo hi',
      ...(executionInfo ? { executionInfo } : {}),
    })
    const failure = { category: 'usererror', code: 'FailureExitCode', message: 'exit code 1' }
    const lost = task('completed', { exitCode: 1, result: 'failure', failureInfo: failure })
    // Zero configuration reads the top-level state alone: the outcome is a level down, named here.
    const parts = {
      stateField: (body: unknown) => {
        const { state, executionInfo } = body as Task
        if (state !== 'completed') return 'pending' as const
        return executionInfo?.result === 'success' ? 'succeeded' : 'failed'
      },
    }
    expect(read(task('active'), parts)).toStrictEqual(pending)
    expect(read(task('running', { startTime: 't', retryCount: 0 }), parts)).toStrictEqual(pending)
    const won = task('completed', { exitCode: 0, result: 'success' })
    expect(read(won, parts)).toStrictEqual({ inline: won })
    expect(read(lost, parts)).toMatchObject({ state: 'failed' })
  })
})

describe('a fifth pass: resources that are up once ready', () => {
  const named = (word: string) => (w: string) => (w === word ? ('succeeded' as const) : undefined)

  it('Hugging Face Spaces runtime: stage BUILDING runs; RUNNING named by classifyStatus; BUILD_ERROR fails', () => {
    const runtime = (stage: string) => ({
      stage,
      hardware: { current: 'cpu-basic', requested: 'cpu-basic' },
      storage: null,
    })
    // `stage` holds the state: zero configuration polls on while the Space builds, and while it
    // runs, which is the Space up; `classifyStatus` names that.
    expect(read(runtime('BUILDING'))).toStrictEqual(pending)
    expect(read(runtime('RUNNING'))).toStrictEqual(pending)
    expect(read(runtime('BUILD_ERROR'))).toMatchObject({ state: 'failed' })
    const parts = { stateField: 'stage', classifyStatus: named('RUNNING') }
    expect(read(runtime('BUILDING'), parts)).toStrictEqual(pending)
    expect(read(runtime('RUNNING_BUILDING'), parts)).toStrictEqual(pending)
    expect(read(runtime('RUNNING'), parts)).toStrictEqual({ inline: runtime('RUNNING') })
    expect(read(runtime('BUILD_ERROR'), parts)).toMatchObject({ state: 'failed' })
    expect(read(runtime('RUNTIME_ERROR'), parts)).toMatchObject({ state: 'failed' })
  })

  it('Tavus videos: queued, generating; ready refused until classifyStatus names it; error fails', () => {
    const video = (status: string) => ({
      video_id: 'v-1',
      video_name: 'hello',
      status,
      download_url: 'https://cdn.example.com/v-1.mp4',
      hosted_url: 'https://videos.example.com/video/v-1',
    })
    expect(read(video('queued'))).toStrictEqual(pending)
    expect(read(video('generating'))).toStrictEqual(pending)
    expect(refusal(video('ready'))).toContain('Unknown status word "ready"')
    // The download is fetched; the hosted_url, a web page, never is.
    expect(read(video('ready'), { classifyStatus: named('ready') })).toStrictEqual({
      link: 'https://cdn.example.com/v-1.mp4',
    })
    expect(read(video('error'))).toMatchObject({ state: 'failed' })
  })

  it('Supabase branches: MIGRATIONS_PASSED runs on; FUNCTIONS_DEPLOYED needs classifyStatus; a stage FAILED fails', () => {
    const branch = (status: string) => ({ id: 'b-1', name: 'dev', project_ref: 'p-1', status })
    for (const word of ['CREATING_PROJECT', 'RUNNING_MIGRATIONS', 'MIGRATIONS_PASSED']) {
      expect(read(branch(word))).toStrictEqual(pending)
    }
    // A stage deployed is one step of the work, as UPLOAD_COMPLETE is: it runs until named.
    expect(read(branch('FUNCTIONS_DEPLOYED'))).toStrictEqual(pending)
    const parts = { classifyStatus: named('FUNCTIONS_DEPLOYED') }
    expect(read(branch('FUNCTIONS_DEPLOYED'), parts)).toStrictEqual({
      inline: branch('FUNCTIONS_DEPLOYED'),
    })
    expect(read(branch('MIGRATIONS_FAILED'))).toMatchObject({ state: 'failed' })
    expect(read(branch('FUNCTIONS_FAILED'))).toMatchObject({ state: 'failed' })
  })

  it('Azure Container Instances: properties.provisioningState, never the running container’s state', () => {
    const group = (state: string) => ({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/cg',
      name: 'cg',
      properties: {
        provisioningState: state,
        containers: [
          { name: 'c', properties: { instanceView: { currentState: { state: 'Running' } } } },
        ],
        instanceView: { state: 'Running' },
      },
    })
    expect(read(group('Pending'))).toStrictEqual(pending)
    expect(read(group('Succeeded'))).toStrictEqual({ inline: group('Succeeded') })
    expect(read(group('Failed'))).toMatchObject({ state: 'failed' })
  })
})

describe('a fifth pass: Azure and Google Cloud operations', () => {
  it('Google Storage Transfer operations: metadata.status IN_PROGRESS runs, done with an error fails', () => {
    const name = 'transferOperations/transferJobs-1-2'
    const metadata = (status: string) => ({
      '@type': 'type.googleapis.com/google.storagetransfer.v1.TransferOperation',
      name,
      status,
      counters: { bytesCopiedToSink: '1024' },
    })
    expect(read({ name, metadata: metadata('QUEUED') })).toStrictEqual(pending)
    expect(read({ name, metadata: metadata('IN_PROGRESS') })).toStrictEqual(pending)
    const error = { code: 2, message: 'Transfer failed' }
    expect(read({ name, metadata: metadata('FAILED'), done: true, error })).toStrictEqual(
      failed(error),
    )
  })

  it('Azure Resource Manager deployments: properties.provisioningState Accepted, Running; Succeeded with outputs; Failed with its error', () => {
    const deployment = (state: string, more: object = {}) => ({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/deployments/d',
      name: 'd',
      properties: { provisioningState: state, templateHash: '123', ...more },
    })
    expect(read(deployment('Accepted'))).toStrictEqual(pending)
    expect(read(deployment('Running'))).toStrictEqual(pending)
    const outputs = { url: { type: 'String', value: 'x' } }
    expect(read(deployment('Succeeded', { outputs }))).toStrictEqual({ inline: outputs })
    const error = { code: 'DeploymentFailed', message: 'At least one resource failed' }
    expect(read(deployment('Failed', { error }))).toStrictEqual(failed(error))
    expect(read(deployment('Canceled'))).toStrictEqual(canceled)
  })

  it('Azure Machine Learning jobs: NotStarted, Starting, Provisioning, Preparing, Queued, Running, Finalizing, CancelRequested; Completed; Failed; Canceled', () => {
    const job = (status: string) => ({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/w/jobs/j',
      name: 'j',
      properties: { jobType: 'Command', status, experimentName: 'e' },
    })
    for (const word of [
      'NotStarted',
      'Starting',
      'Provisioning',
      'Preparing',
      'Queued',
      'Running',
      'Finalizing',
      'CancelRequested',
    ]) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    expect(read(job('Completed'))).toStrictEqual({ inline: job('Completed') })
    expect(read(job('Failed'))).toMatchObject({ state: 'failed' })
    expect(read(job('Canceled'))).toStrictEqual(canceled)
  })

  it('Google Compute Engine operations: PENDING, RUNNING with progress; DONE; DONE with error.errors fails', () => {
    const operation = (status: string, more: object = {}) => ({
      kind: 'compute#operation',
      id: '123',
      name: 'operation-1',
      operationType: 'insert',
      targetLink: 'https://compute.googleapis.com/compute/v1/projects/p/zones/z/instances/vm-1',
      status,
      progress: status === 'DONE' ? 100 : 0,
      selfLink:
        'https://compute.googleapis.com/compute/v1/projects/p/zones/z/operations/operation-1',
      ...more,
    })
    expect(read(operation('PENDING'))).toMatchObject(pending)
    expect(read(operation('RUNNING', { progress: 40 }))).toMatchObject(pending)
    expect(read(operation('DONE'))).toStrictEqual({ inline: operation('DONE') })
    const error = { errors: [{ code: 'QUOTA_EXCEEDED', message: "Quota 'CPUS' exceeded." }] }
    expect(read(operation('DONE', { error }))).toStrictEqual(failed(error))
  })

  it('Google Cloud SQL operations: PENDING, RUNNING; DONE; DONE with error.errors fails', () => {
    const operation = (status: string, more: object = {}) => ({
      kind: 'sql#operation',
      name: 'op-1',
      operationType: 'CREATE',
      targetId: 'db-1',
      targetLink: 'https://sqladmin.googleapis.com/v1/projects/p/instances/db-1',
      status,
      selfLink: 'https://sqladmin.googleapis.com/v1/projects/p/operations/op-1',
      ...more,
    })
    expect(read(operation('PENDING'))).toStrictEqual(pending)
    expect(read(operation('RUNNING'))).toStrictEqual(pending)
    expect(read(operation('DONE'))).toStrictEqual({ inline: operation('DONE') })
    const error = {
      kind: 'sql#operationErrors',
      errors: [{ kind: 'sql#operationError', code: 'INTERNAL_ERROR', message: 'boom' }],
    }
    expect(read(operation('DONE', { error }))).toMatchObject({ state: 'failed' })
  })

  it('Google Cloud Batch jobs: status.state QUEUED, SCHEDULED, RUNNING; SUCCEEDED; FAILED', () => {
    const job = (state: string) => ({
      name: 'projects/p/locations/us-central1/jobs/j-1',
      uid: 'j-1-abc',
      status: {
        state,
        statusEvents: [{ type: 'STATUS_CHANGED', description: `Job state is set to ${state}` }],
        runDuration: '10s',
      },
    })
    for (const word of ['QUEUED', 'SCHEDULED', 'RUNNING']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    expect(read(job('SUCCEEDED'))).toStrictEqual({ inline: job('SUCCEEDED') })
    expect(read(job('FAILED'))).toMatchObject({ state: 'failed' })
  })

  it('Firebase App Distribution uploads: an Operation, done with a response whose result word is RELEASE_CREATED', () => {
    const name = 'projects/1/apps/1:123:android:abc/releases/-/operations/op-1'
    expect(read({ name, done: false })).toStrictEqual(pending)
    const response = {
      '@type': 'type.googleapis.com/google.firebase.appdistro.v1.UploadReleaseResponse',
      result: 'RELEASE_CREATED',
      release: { name: 'projects/1/apps/1:123:android:abc/releases/r-1', displayVersion: '1.0' },
    }
    expect(read({ name, done: true, response })).toStrictEqual({ inline: response })
    const error = { code: 3, message: 'The APK is not signed' }
    expect(read({ name, done: true, error })).toStrictEqual(failed(error))
  })

  it('Google Cloud Vision async batch annotate: an Operation whose metadata.state is RUNNING, then done with the response', () => {
    const name = 'projects/p/operations/op-1'
    const metadata = (state: string) => ({
      '@type': 'type.googleapis.com/google.cloud.vision.v1.OperationMetadata',
      state,
      createTime: '2026-01-01T00:00:00Z',
    })
    expect(read({ name, metadata: metadata('CREATED') })).toStrictEqual(pending)
    expect(read({ name, metadata: metadata('RUNNING') })).toStrictEqual(pending)
    const response = {
      '@type': 'type.googleapis.com/google.cloud.vision.v1.AsyncBatchAnnotateFilesResponse',
      responses: [{ outputConfig: { gcsDestination: { uri: 'gs://bucket/out/' } } }],
    }
    expect(read({ name, metadata: metadata('DONE'), done: true, response })).toStrictEqual({
      inline: response,
    })
  })
})

describe('a fifth pass: developer platforms, AI media and documents', () => {
  it('Neon operations: scheduling, running, cancelling; finished, skipped; failed with its error; cancelled', () => {
    const operation = (status: string, more: object = {}) => ({
      operation: {
        id: 'o-1',
        project_id: 'p-1',
        branch_id: 'br-1',
        action: 'create_branch',
        status,
        failures_count: 0,
        ...more,
      },
    })
    for (const word of ['scheduling', 'running', 'cancelling']) {
      expect(read(operation(word))).toStrictEqual(pending)
    }
    expect(read(operation('finished'))).toStrictEqual({ inline: operation('finished') })
    expect(read(operation('failed', { error: 'compute start timed out' }))).toStrictEqual(
      failed('compute start timed out'),
    )
    expect(read(operation('cancelled'))).toStrictEqual(canceled)
  })

  it('Hugging Face Inference Endpoints: status.state running means the endpoint is up, named by classifyStatus', () => {
    const endpoint = (state: string, more: object = {}) => ({
      name: 'my-endpoint',
      model: { repository: 'gpt2' },
      status: {
        state,
        message: `Endpoint is ${state}`,
        createdAt: '2026-01-01T00:00:00Z',
        ...more,
      },
    })
    const parts = {
      classifyStatus: (word: string) => (word === 'running' ? ('succeeded' as const) : undefined),
    }
    for (const word of ['pending', 'initializing', 'updating']) {
      expect(read(endpoint(word), parts)).toStrictEqual(pending)
    }
    const up = endpoint('running', { url: 'https://xyz.endpoints.huggingface.cloud' })
    expect(read(up, parts)).toStrictEqual({ inline: up })
    expect(read(endpoint('failed'), parts)).toMatchObject({ state: 'failed' })
  })

  it('D-ID talks: created, started; done with its result_url; error and rejected fail', () => {
    const talk = (status: string, more: object = {}) => ({
      id: 'tlk_1',
      created_at: '2026-01-01T00:00:00Z',
      source_url: 'https://example.com/face.jpg',
      status,
      ...more,
    })
    expect(read(talk('created'))).toStrictEqual(pending)
    expect(read(talk('started'))).toStrictEqual(pending)
    const done = talk('done', { result_url: 'https://d-id-talks.s3.amazonaws.com/tlk_1.mp4' })
    expect(read(done)).toStrictEqual({ link: 'https://d-id-talks.s3.amazonaws.com/tlk_1.mp4' })
    const error = { kind: 'FaceError', description: 'Face not detected' }
    expect(read(talk('error', { error }))).toStrictEqual(failed(error))
    expect(read(talk('rejected'))).toMatchObject({ state: 'failed' })
  })

  it('LlamaParse jobs: PENDING; SUCCESS, PARTIAL_SUCCESS; ERROR with error_message; CANCELLED', () => {
    const job = (status: string, more: object = {}) => ({ id: 'j-1', status, ...more })
    expect(read(job('PENDING'))).toStrictEqual(pending)
    expect(read(job('SUCCESS'))).toStrictEqual({ inline: job('SUCCESS') })
    expect(read(job('PARTIAL_SUCCESS'))).toStrictEqual({ inline: job('PARTIAL_SUCCESS') })
    expect(
      read(job('ERROR', { error_code: 'PDF_PARSE', error_message: 'Could not read the PDF' })),
    ).toMatchObject({ state: 'failed' })
    expect(read(job('CANCELLED'))).toStrictEqual(canceled)
  })

  it('Mindee async jobs: job.status waiting, processing; completed with the document; failed', () => {
    const answer = (status: string, more: object = {}) => ({
      api_request: { status: 'success', status_code: 200, error: {} },
      job: { id: 'j-1', issued_at: '2026-01-01T00:00:00', status, ...more },
    })
    // The request's own status beside the job's is refused rather than guessed between.
    expect(refusal(answer('waiting'))).toContain('`stateField`')
    const parts = { stateField: 'job.status' }
    expect(read(answer('waiting'), parts)).toStrictEqual(pending)
    expect(read(answer('processing'), parts)).toStrictEqual(pending)
    const done = { ...answer('completed'), document: { id: 'd-1', inference: { pages: [] } } }
    expect(read(done, parts)).toMatchObject({ inline: expect.anything() })
    expect(read(answer('failed', { error: { code: 'ServerError' } }), parts)).toMatchObject({
      state: 'failed',
    })
  })

  it('Sieve jobs: queued, started, processing; finished with outputs; error; cancelled', () => {
    const job = (status: string, more: object = {}) => ({
      id: 'j-1',
      function: { name: 'sieve/whisper' },
      status,
      ...more,
    })
    for (const word of ['queued', 'started', 'processing']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    const outputs = [{ type: 'str', data: 'hello' }]
    expect(read(job('finished', { outputs }))).toStrictEqual({ inline: outputs })
    expect(read(job('error', { error: 'out of memory' }))).toStrictEqual(failed('out of memory'))
    expect(read(job('cancelled'))).toStrictEqual(canceled)
  })

  it('Unstructured jobs: SCHEDULED, IN_PROGRESS; COMPLETED; FAILED; STOPPED', () => {
    const job = (status: string) => ({ id: 'j-1', workflow_id: 'w-1', workflow_name: 'w', status })
    expect(read(job('SCHEDULED'))).toStrictEqual(pending)
    expect(read(job('IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(job('COMPLETED'))).toStrictEqual({ inline: job('COMPLETED') })
    expect(read(job('FAILED'))).toMatchObject({ state: 'failed' })
    expect(read(job('STOPPED'))).toStrictEqual(canceled)
  })

  it('Railway deployments: the GraphQL deployment status BUILDING, DEPLOYING; SUCCESS; FAILED, CRASHED', () => {
    const answer = (status: string) => ({ data: { deployment: { id: 'd-1', status } } })
    for (const word of ['QUEUED', 'INITIALIZING', 'BUILDING', 'DEPLOYING']) {
      expect(read(answer(word))).toStrictEqual(pending)
    }
    expect(read(answer('SUCCESS'))).toStrictEqual({ inline: answer('SUCCESS').data })
    expect(read(answer('FAILED'))).toMatchObject({ state: 'failed' })
    expect(read(answer('CRASHED'))).toMatchObject({ state: 'failed' })
  })

  it('Baseten async requests: QUEUED, IN_PROGRESS; SUCCEEDED; FAILED with its errors; EXPIRED; CANCELED', () => {
    const request = (status: string, more: object = {}) => ({
      request_id: 'r-1',
      model_id: 'm-1',
      deployment_id: 'd-1',
      status,
      errors: [],
      ...more,
    })
    expect(read(request('QUEUED'))).toStrictEqual(pending)
    expect(read(request('IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(request('SUCCEEDED'))).toStrictEqual({ inline: request('SUCCEEDED') })
    const errors = [{ code: 'MODEL_PREDICT_ERROR', message: 'predict raised' }]
    expect(read(request('FAILED', { errors }))).toStrictEqual(failed(errors))
    expect(read(request('EXPIRED'))).toMatchObject({ state: 'failed' })
    // The prediction ran, but its result went only to the webhook that could not take it.
    expect(read(request('WEBHOOK_FAILED'))).toMatchObject({ state: 'failed' })
    expect(read(request('CANCELED'))).toStrictEqual(canceled)
  })

  it('Reducto async jobs: Pending with progress; Completed with its result; Failed with its reason', () => {
    expect(read({ status: 'Pending', progress: 40 })).toMatchObject(pending)
    const done = { status: 'Completed', result: { type: 'full', chunks: [] } }
    expect(read(done)).toStrictEqual({ inline: done.result })
    expect(read({ status: 'Failed', reason: 'Document is encrypted' })).toStrictEqual(
      failed('Document is encrypted'),
    )
  })
})

describe('a sixth pass: Salesforce, Atlassian and content platforms', () => {
  it('Salesforce Bulk API 2.0 ingest jobs: Open, UploadComplete, InProgress; JobComplete; Failed with errorMessage; Aborted', () => {
    const job = (state: string, more: object = {}) => ({
      id: '750R0000000zlh9IAA',
      operation: 'insert',
      object: 'Account',
      createdById: '005R0000000GiwjIAC',
      createdDate: '2024-01-10T00:00:00.000+0000',
      state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 59.0,
      jobType: 'V2Ingest',
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      numberRecordsProcessed: 0,
      numberRecordsFailed: 0,
      retries: 0,
      totalProcessingTime: 0,
      ...more,
    })
    // UploadComplete is the upload's end, not the job's: the job goes on.
    for (const word of ['Open', 'UploadComplete', 'InProgress']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    // Records that failed leave the job complete: their rows are at failedResults/.
    const done = job('JobComplete', { numberRecordsProcessed: 500, numberRecordsFailed: 2 })
    expect(read(done)).toStrictEqual({ inline: done })
    const error = 'InvalidBatch : Field name not found : Nmae'
    expect(read(job('Failed', { errorMessage: error }))).toStrictEqual(failed(error))
    expect(read(job('Aborted'))).toStrictEqual(canceled)
  })

  it('Salesforce Metadata API deploy requests: deployResult with done and success; Canceled is no failure', () => {
    const at = 'https://acme.my.salesforce.com/services/data/v59.0/metadata/deployRequest/0Af1'
    const request = (deployResult: object) => ({
      validatedDeployRequestId: null,
      id: '0Af1',
      url: '/services/data/v59.0/metadata/deployRequest/0Af1',
      deployResult: { id: '0Af1', checkOnly: false, errorMessage: null, ...deployResult },
      deployOptions: { checkOnly: false, rollbackOnError: true, testLevel: 'NoTestRun' },
    })
    const running = { done: false, success: false, numberComponentsDeployed: 3 }
    for (const status of ['Pending', 'InProgress', 'Canceling']) {
      expect(read(request({ status, ...running }), {}, at)).toStrictEqual(pending)
    }
    // The `url` is the request itself: the deploy's result is its deployResult.
    const result = { status: 'Succeeded', done: true, success: true, numberComponentErrors: 0 }
    expect(read(request(result), {}, at)).toStrictEqual({
      inline: request(result).deployResult,
    })
    const partial = { ...result, status: 'SucceededPartial' }
    expect(read(request(partial), {}, at)).toStrictEqual({
      inline: request(partial).deployResult,
    })
    const details = { componentFailures: [{ fileName: 'classes/A.cls', problem: 'Unexpected' }] }
    const broken = { status: 'Failed', done: true, success: false, details }
    expect(read(request(broken), {}, at)).toStrictEqual(failed(details))
    const stopped = { status: 'Canceled', done: true, success: false }
    expect(read(request(stopped), {}, at)).toStrictEqual(canceled)
  })

  it('Jira async tasks: ENQUEUED, RUNNING with progress, CANCEL_REQUESTED; COMPLETE with its result; FAILED, DEAD; CANCELLED', () => {
    const at = 'https://acme.atlassian.net/rest/api/3/task/10641'
    const task = (status: string, more: object = {}) => ({
      self: at,
      id: '10641',
      description: 'Remove field',
      status,
      message: '',
      progress: 0,
      elapsedRuntime: 156,
      submitted: 1501708132800,
      submittedBy: 10000,
      ...more,
    })
    expect(read(task('ENQUEUED'), {}, at)).toStrictEqual({
      ...pending,
      progress: { value: 0, scale: 'unknown' },
    })
    expect(read(task('RUNNING', { progress: 24 }), {}, at)).toStrictEqual({
      ...pending,
      progress: { value: 24, scale: 'unknown' },
    })
    expect(read(task('CANCEL_REQUESTED', { progress: 50 }), {}, at)).toMatchObject(pending)
    // The task's result is what the work returned, as Jira writes it: a JSON string.
    const done = task('COMPLETE', { result: '{"deletedFields":3}', progress: 100 })
    expect(read(done, {}, at)).toStrictEqual({ inline: '{"deletedFields":3}' })
    const message = 'Could not remove the field: it is locked'
    expect(read(task('FAILED', { message }), {}, at)).toStrictEqual(failed(message))
    expect(read(task('DEAD'), {}, at)).toMatchObject({ state: 'failed' })
    expect(read(task('CANCELLED'), {}, at)).toStrictEqual(canceled)
  })

  it('Confluence long tasks: finished false runs with percentageComplete; successful says how it ended; its messages say why', () => {
    const at = 'https://acme.atlassian.net/wiki/rest/api/longtask/8a4b2c'
    const task = (more: object) => ({
      id: '8a4b2c',
      name: { key: 'com.atlassian.confluence.extra.flyingpdf.exporttaskname', args: [] },
      elapsedTime: 1200,
      ...more,
      _links: { base: 'https://acme.atlassian.net/wiki', self: at },
    })
    const exporting = [{ translation: 'Exporting page 4 of 10', args: [] }]
    expect(
      read(
        task({ percentageComplete: 40, successful: false, finished: false, messages: exporting }),
        {},
        at,
      ),
    ).toStrictEqual({ ...pending, progress: { value: 40, scale: 'percent' } })
    const finished = [{ translation: 'Finished PDF space export.', args: [] }]
    const done = task({
      percentageComplete: 100,
      successful: true,
      finished: true,
      messages: finished,
    })
    expect(read(done, {}, at)).toStrictEqual({ inline: done })
    const denied = [{ translation: 'Could not copy page: permission denied', args: [] }]
    expect(
      read(
        task({ percentageComplete: 100, successful: false, finished: true, messages: denied }),
        {},
        at,
      ),
    ).toStrictEqual(failed(denied))
  })

  it('Contentful bulk actions: sys.status created, inProgress; succeeded; failed with the action’s error', () => {
    const action = (status: string, more: object = {}) => ({
      sys: {
        type: 'BulkAction',
        id: 'b-1',
        space: { sys: { type: 'Link', linkType: 'Space', id: 'sp' } },
        environment: { sys: { type: 'Link', linkType: 'Environment', id: 'master' } },
        createdAt: '2024-01-01T00:00:00Z',
        status,
      },
      action: 'publish',
      payload: {
        entities: {
          sys: { type: 'Array' },
          items: [{ sys: { type: 'Link', linkType: 'Entry', id: 'e1' } }],
        },
      },
      ...more,
    })
    expect(read(action('created'))).toStrictEqual(pending)
    expect(read(action('inProgress'))).toStrictEqual(pending)
    expect(read(action('succeeded'))).toStrictEqual({ inline: action('succeeded') })
    const error = {
      sys: { type: 'Error', id: 'BulkActionFailed' },
      message: 'Not all entities could be published.',
      details: { errors: [{ error: { sys: { type: 'Error', id: 'UnresolvedLinks' } } }] },
    }
    expect(read(action('failed', { error }))).toStrictEqual(failed(error))
  })

  it('PandaDoc documents: document.uploaded runs; document.draft, the document ready, is named by classifyStatus; document.error fails', () => {
    const document = (status: string) => ({
      id: 'msFDjM7BqLVgTWgaqX2gdz',
      name: 'Contract',
      status,
      date_created: '2024-01-01T00:00:00Z',
      date_modified: '2024-01-01T00:00:05Z',
      expiration_date: null,
      version: '2',
    })
    expect(read(document('document.uploaded'))).toStrictEqual(pending)
    // A draft is a document being written in most APIs; PandaDoc's is one ready to send.
    expect(refusal(document('document.draft'))).toContain('Unknown status word "document.draft"')
    const parts = {
      classifyStatus: (word: string) =>
        word === 'document.draft' ? ('succeeded' as const) : undefined,
    }
    expect(read(document('document.draft'), parts)).toStrictEqual({
      inline: document('document.draft'),
    })
    expect(read(document('document.error'))).toMatchObject({ state: 'failed' })
  })
})

describe('a sixth pass: AWS jobs', () => {
  it('AWS Glacier jobs: Completed says the job ended, StatusCode how; Failed with its StatusMessage', () => {
    const job = (completed: boolean, statusCode: string, statusMessage: string) => ({
      Action: 'ArchiveRetrieval',
      ArchiveId: 'NkbByEQw',
      ArchiveSizeInBytes: 16777216,
      Completed: completed,
      CompletionDate: completed ? '2012-05-15T21:21:39.339Z' : null,
      CreationDate: '2012-05-15T17:21:39.339Z',
      JobDescription: 'My ArchiveRetrieval Job',
      JobId: 'HkF9p6o7',
      RetrievalByteRange: '0-16777215',
      SNSTopic: 'arn:aws:sns:us-east-1:012345678901:mytopic',
      StatusCode: statusCode,
      StatusMessage: statusMessage,
      Tier: 'Bulk',
      VaultARN: 'arn:aws:glacier:us-east-1:012345678901:vaults/examplevault',
    })
    expect(read(job(false, 'InProgress', 'Operation in progress.'))).toStrictEqual(pending)
    const done = job(true, 'Succeeded', 'Succeeded')
    expect(read(done)).toStrictEqual({ inline: done })
    // The archive is at the job's output; a template names it.
    expect(read(done, { locateResult: '/vaults/examplevault/jobs/{JobId}/output' })).toStrictEqual({
      link: 'https://api.example.com/vaults/examplevault/jobs/HkF9p6o7/output',
    })
    expect(read(job(true, 'Failed', 'The archive could not be retrieved'))).toStrictEqual(
      failed('The archive could not be retrieved'),
    )
  })

  it('AWS S3 Batch Operations: New, Preparing, Suspended, Active, Failing run; Ready is named; Complete; Failed with its FailureReasons; Cancelled', () => {
    const job = (status: string, more: object = {}) => ({
      Job: {
        JobId: 'a1b2c3d4',
        Description: 'restore',
        ConfirmationRequired: false,
        Operation: { S3PutObjectCopy: { TargetResource: 'arn:aws:s3:::dest' } },
        Priority: 10,
        Status: status,
        ProgressSummary: {
          TotalNumberOfTasks: 1000,
          NumberOfTasksSucceeded: 400,
          NumberOfTasksFailed: 0,
        },
        Report: { Enabled: true, Bucket: 'arn:aws:s3:::reports', ReportScope: 'AllTasks' },
        CreationTime: '2024-01-01T00:00:00Z',
        ...more,
      },
    })
    for (const word of [
      'New',
      'Preparing',
      'Suspended',
      'Active',
      'Pausing',
      'Paused',
      'Failing',
      'Cancelling',
    ]) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    // Ready is a job prepared and waiting to run, as no other API means it.
    expect(refusal(job('Ready'))).toContain('Unknown status word "Ready"')
    const ready = {
      classifyStatus: (word: string) => (word === 'Ready' ? ('pending' as const) : undefined),
    }
    expect(read(job('Ready'), ready)).toStrictEqual(pending)
    expect(read(job('Complete'))).toStrictEqual({ inline: job('Complete') })
    const reasons = [
      { FailureCode: 'ManifestNotFound', FailureReason: 'The manifest object was not found' },
    ]
    expect(
      read(job('Failed', { FailureReasons: reasons, StatusUpdateReason: 'Job failed' })),
    ).toStrictEqual(failed(reasons))
    expect(read(job('Cancelled', { StatusUpdateReason: 'Cancelled by user' }))).toStrictEqual(
      canceled,
    )
  })

  it('AWS EMR steps: Step.Status.State PENDING, RUNNING, CANCEL_PENDING; COMPLETED; FAILED with FailureDetails, never ActionOnFailure; INTERRUPTED is named', () => {
    const step = (status: object) => ({
      Step: {
        Id: 's-1ABC',
        Name: 'spark',
        Config: { Jar: 'command-runner.jar', Args: ['spark-submit', 's3://code/main.py'] },
        ActionOnFailure: 'CONTINUE',
        Status: { StateChangeReason: {}, Timeline: { CreationDateTime: 1.7e9 }, ...status },
      },
    })
    for (const word of ['PENDING', 'RUNNING', 'CANCEL_PENDING']) {
      expect(read(step({ State: word }))).toStrictEqual(pending)
    }
    expect(read(step({ State: 'COMPLETED' }))).toStrictEqual({
      inline: step({ State: 'COMPLETED' }),
    })
    const details = {
      Reason: 'Unknown Error.',
      Message: 'Step failed with exitCode 1',
      LogFile: 's3://logs/steps/s-1ABC/stderr.gz',
    }
    expect(read(step({ State: 'FAILED', FailureDetails: details }))).toStrictEqual(failed(details))
    expect(read(step({ State: 'CANCELLED' }))).toStrictEqual(canceled)
    // INTERRUPTED: the cluster ended under the step; whether that failed it is the caller's to say.
    const interrupted = step({
      State: 'INTERRUPTED',
      StateChangeReason: { Message: 'Cluster terminated' },
    })
    expect(refusal(interrupted)).toContain('Unknown status word "INTERRUPTED"')
    const parts = {
      classifyStatus: (word: string) => (word === 'INTERRUPTED' ? ('failed' as const) : undefined),
    }
    expect(read(interrupted, parts)).toStrictEqual(failed({ Message: 'Cluster terminated' }))
  })

  it('AWS EMR Serverless job runs: jobRun.state SUBMITTED, PENDING, SCHEDULED, QUEUED, RUNNING, CANCELLING; SUCCESS; FAILED with stateDetails; CANCELLED', () => {
    const run = (state: string, stateDetails = '') => ({
      jobRun: {
        applicationId: '00f1',
        jobRunId: '00g2',
        arn: 'arn:aws:emr-serverless:us-east-1:1:/applications/00f1/jobruns/00g2',
        createdBy: 'arn:aws:iam::1:user/me',
        executionRole: 'arn:aws:iam::1:role/emr',
        state,
        stateDetails,
        releaseLabel: 'emr-7.0.0',
        jobDriver: { sparkSubmit: { entryPoint: 's3://code/main.py' } },
        tags: {},
      },
    })
    for (const word of ['SUBMITTED', 'PENDING', 'SCHEDULED', 'QUEUED', 'RUNNING', 'CANCELLING']) {
      expect(read(run(word))).toStrictEqual(pending)
    }
    expect(read(run('SUCCESS'))).toStrictEqual({ inline: run('SUCCESS') })
    const why =
      'Job failed, please check complete logs in configured logging destination. ExitCode: 1.'
    expect(read(run('FAILED', why))).toStrictEqual(failed(why))
    expect(read(run('CANCELLED', 'Job run cancelled by user'))).toStrictEqual(canceled)
  })

  it('AWS SSM command invocations: Pending, InProgress, Delayed, Cancelling; Success with its output; Failed, TimedOut with why; Cancelled', () => {
    const invocation = (status: string, details: string, more: object = {}) => ({
      CommandId: 'c-1',
      InstanceId: 'i-0abc',
      Comment: '',
      DocumentName: 'AWS-RunShellScript',
      DocumentVersion: '$DEFAULT',
      PluginName: 'aws:runShellScript',
      ResponseCode: -1,
      Status: status,
      StatusDetails: details,
      StandardOutputContent: '',
      StandardOutputUrl: '',
      StandardErrorContent: '',
      StandardErrorUrl: '',
      ...more,
    })
    for (const word of ['Pending', 'InProgress', 'Delayed', 'Cancelling']) {
      expect(read(invocation(word, word))).toStrictEqual(pending)
    }
    const done = invocation('Success', 'Success', {
      ResponseCode: 0,
      StandardOutputContent: 'hello\n',
    })
    expect(read(done)).toStrictEqual({ inline: done })
    const stderr = 'failed to run commands: exit status 1'
    expect(
      read(invocation('Failed', 'Failed', { ResponseCode: 1, StandardErrorContent: stderr })),
    ).toStrictEqual(failed(stderr))
    // Without a word on stderr, StatusDetails says which way it failed.
    expect(read(invocation('TimedOut', 'DeliveryTimedOut'))).toStrictEqual(
      failed('DeliveryTimedOut'),
    )
    expect(read(invocation('Failed', 'Undeliverable'))).toStrictEqual(failed('Undeliverable'))
    expect(read(invocation('Cancelled', 'Cancelled'))).toStrictEqual(canceled)
  })

  it('AWS Amplify jobs: the state in job.summary.status, named by stateField; PROVISIONING runs, SUCCEED, FAILED, CANCELLED', () => {
    const job = (status: string) => ({
      job: {
        summary: {
          jobArn: 'arn:aws:amplify:us-east-1:1:apps/d1/branches/main/jobs/0000000001',
          jobId: '1',
          commitId: 'abc',
          commitMessage: 'fix',
          status,
          jobType: 'RELEASE',
        },
        steps: [{ stepName: 'BUILD', status: 'SUCCEED', logUrl: 'https://logs.example.com/1' }],
      },
    })
    // `summary` is no status field by its name: zero configuration sees no state.
    expect(read(job('RUNNING'))).toBeUndefined()
    const parts = { stateField: 'job.summary.status' }
    for (const word of ['PENDING', 'PROVISIONING', 'RUNNING', 'CANCELLING']) {
      expect(read(job(word), parts)).toStrictEqual(pending)
    }
    expect(read(job('SUCCEED'), parts)).toStrictEqual({ inline: job('SUCCEED') })
    expect(read(job('FAILED'), parts)).toMatchObject({ state: 'failed' })
    expect(read(job('CANCELLED'), parts)).toStrictEqual(canceled)
  })
})

describe('a sixth pass: Azure, Google and Databricks jobs', () => {
  it('Azure AI Search indexer status: the indexer runs, its lastResult says how the run went, named by stateField', () => {
    const status = (lastResult: object) => ({
      status: 'running',
      lastResult: {
        errorMessage: null,
        startTime: '2024-01-01T00:00:00Z',
        endTime: null,
        itemsProcessed: 10,
        itemsFailed: 0,
        errors: [],
        warnings: [],
        ...lastResult,
      },
      executionHistory: [],
      limits: { maxRunTime: 'PT22H', maxDocumentExtractionSize: 256000000 },
    })
    // The top `status` is the indexer's health: `running` whatever its last run did. Zero
    // configuration polls on; never a run that ended read as done.
    expect(read(status({ status: 'success' }))).toStrictEqual(pending)
    const parts = { stateField: 'lastResult.status' }
    expect(read(status({ status: 'inProgress' }), parts)).toStrictEqual(pending)
    // The run's account is what the run gave back.
    expect(read(status({ status: 'success' }), parts)).toStrictEqual({
      inline: status({ status: 'success' }).lastResult,
    })
    const errors = [
      { key: 'doc-1', errorMessage: 'Document key cannot be missing or empty.', statusCode: 400 },
    ]
    const broken = {
      status: 'transientFailure',
      errorMessage: 'Document key cannot be missing or empty.',
      errors,
    }
    expect(read(status(broken), parts)).toStrictEqual(
      failed({ errorMessage: 'Document key cannot be missing or empty.', errors }),
    )
    expect(read(status({ ...broken, status: 'persistentFailure' }), parts)).toMatchObject({
      state: 'failed',
    })
  })

  it('Azure Data Factory pipeline runs: Queued, InProgress, Canceling; Succeeded; Failed with its message; Cancelled', () => {
    const run = (status: string, message = '') => ({
      runId: '2f7fdb90-5df1-4b8e-ac2f-064cfa58202b',
      pipelineName: 'copy-sales',
      parameters: {},
      invokedBy: { name: 'Manual', id: '8b0c', invokedByType: 'Manual' },
      runStart: '2024-01-01T00:00:00Z',
      runEnd: null,
      durationInMs: null,
      status,
      message,
      lastUpdated: '2024-01-01T00:00:10Z',
      annotations: [],
      runDimension: {},
      isLatest: true,
    })
    for (const word of ['Queued', 'InProgress', 'Canceling']) {
      expect(read(run(word))).toStrictEqual(pending)
    }
    expect(read(run('Succeeded'))).toStrictEqual({ inline: run('Succeeded') })
    const message = 'Operation on target Copy1 failed: ErrorCode=UserErrorSourceBlobNotExists'
    expect(read(run('Failed', message))).toStrictEqual(failed(message))
    expect(read(run('Cancelled'))).toStrictEqual(canceled)
  })

  it('Microsoft Fabric job instances: NotStarted, InProgress; Completed; Failed with its failureReason; Deduped is named', () => {
    const instance = (status: string, failureReason: object | null = null) => ({
      id: '4b218778-e7a5-4d73-8187-f10824047715',
      itemId: '431e8d7b-4a95-4c02-8ccd-6faef5ba1bd7',
      jobType: 'Pipeline',
      invokeType: 'Manual',
      status,
      rootActivityId: '8c2ee553-53a4-7edb-1042-0d8189a9e0ca',
      startTimeUtc: '2024-01-01T00:00:00',
      endTimeUtc: null,
      failureReason,
    })
    expect(read(instance('NotStarted'))).toStrictEqual(pending)
    expect(read(instance('InProgress'))).toStrictEqual(pending)
    expect(read(instance('Completed'))).toStrictEqual({ inline: instance('Completed') })
    const reason = { requestId: '2e5f', errorCode: 'InternalError', message: 'The pipeline failed' }
    expect(read(instance('Failed', reason))).toStrictEqual(failed(reason))
    expect(read(instance('Cancelled'))).toStrictEqual(canceled)
    // Deduped: another instance of the job ran instead; this one never will.
    expect(refusal(instance('Deduped'))).toContain('Unknown status word "Deduped"')
    const parts = {
      classifyStatus: (word: string) => (word === 'Deduped' ? ('canceled' as const) : undefined),
    }
    expect(read(instance('Deduped'), parts)).toStrictEqual(canceled)
  })

  it('Azure DevOps builds: notStarted, postponed, inProgress, cancelling; completed with its result word', () => {
    const at = 'https://dev.azure.com/org/proj/_apis/build/Builds/42'
    const build = (status: string, result?: string) => ({
      _links: {
        self: { href: at },
        web: { href: 'https://dev.azure.com/org/proj/_build/results?buildId=42' },
      },
      id: 42,
      buildNumber: '20240101.1',
      status,
      ...(result === undefined ? {} : { result }),
      url: at,
      definition: { id: 1, name: 'ci', queueStatus: 'enabled' },
    })
    for (const word of ['notStarted', 'postponed', 'inProgress', 'cancelling']) {
      expect(read(build(word), {}, at)).toStrictEqual(pending)
    }
    // As for its pipeline runs: the `result` word is the inline result.
    expect(read(build('completed', 'partiallySucceeded'), {}, at)).toStrictEqual({
      inline: 'partiallySucceeded',
    })
    expect(read(build('completed', 'failed'), {}, at)).toMatchObject({ state: 'failed' })
    expect(read(build('completed', 'canceled'), {}, at)).toStrictEqual(canceled)
  })

  it('Google Cloud Translation batchTranslateText: an Operation whose metadata.state runs, done with the response; FAILED with its error', () => {
    const name = 'projects/123/locations/us-central1/operations/20240101-1'
    const metadata = (state: string, translated: string) => ({
      '@type': 'type.googleapis.com/google.cloud.translation.v3.BatchTranslateMetadata',
      state,
      translatedCharacters: translated,
      failedCharacters: '0',
      totalCharacters: '5000',
      submitTime: '2024-01-01T00:00:00Z',
    })
    expect(read({ name, metadata: metadata('RUNNING', '1200') })).toStrictEqual(pending)
    expect(read({ name, metadata: metadata('CANCELLING', '1200') })).toStrictEqual(pending)
    const response = {
      '@type': 'type.googleapis.com/google.cloud.translation.v3.BatchTranslateResponse',
      totalCharacters: '5000',
      translatedCharacters: '5000',
      failedCharacters: '0',
      submitTime: '2024-01-01T00:00:00Z',
      endTime: '2024-01-01T00:05:00Z',
    }
    expect(
      read({ name, metadata: metadata('SUCCEEDED', '5000'), done: true, response }),
    ).toStrictEqual({
      inline: response,
    })
    const error = { code: 3, message: 'Input file not found: gs://bucket/in.txt' }
    expect(read({ name, metadata: metadata('FAILED', '0'), done: true, error })).toStrictEqual(
      failed(error),
    )
  })

  it('Vertex AI pipeline jobs: PIPELINE_STATE_ values; SUCCEEDED keeps its gs:// root in the body; FAILED with its error', () => {
    const job = (state: string, more: object = {}) => ({
      name: 'projects/p/locations/us-central1/pipelineJobs/training-1',
      displayName: 'training',
      state,
      createTime: '2024-01-01T00:00:00Z',
      runtimeConfig: { gcsOutputDirectory: 'gs://bucket/root' },
      ...more,
    })
    for (const word of ['QUEUED', 'PENDING', 'RUNNING', 'CANCELLING', 'PAUSED']) {
      expect(read(job(`PIPELINE_STATE_${word}`))).toStrictEqual(pending)
    }
    const done = job('PIPELINE_STATE_SUCCEEDED', {
      jobDetail: { taskDetails: [{ taskId: '1', state: 'SUCCEEDED' }] },
    })
    expect(read(done)).toStrictEqual({ inline: done })
    const error = { code: 9, message: 'The DAG failed because some tasks failed.' }
    expect(read(job('PIPELINE_STATE_FAILED', { error }))).toStrictEqual(failed(error))
    expect(read(job('PIPELINE_STATE_CANCELLED'))).toStrictEqual(canceled)
  })

  it('Google Vault exports: IN_PROGRESS; COMPLETED with its cloudStorageSink files; FAILED', () => {
    const exported = (status: string, more: object = {}) => ({
      matterId: 'm-1',
      id: 'exportly-1',
      name: 'mail export',
      query: { corpus: 'MAIL', dataScope: 'ALL_DATA' },
      status,
      createTime: '2024-01-01T00:00:00Z',
      stats: { exportedArtifactCount: '10', totalArtifactCount: '100', sizeInBytes: '1000' },
      ...more,
    })
    expect(read(exported('IN_PROGRESS'))).toStrictEqual(pending)
    const sink = {
      files: [{ bucketName: 'b', objectName: 'exportly-1/mail-1.zip', size: '1000', md5Hash: 'x' }],
    }
    const done = exported('COMPLETED', { cloudStorageSink: sink })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(exported('FAILED'))).toMatchObject({ state: 'failed' })
  })

  it('Databricks SQL statements: status.state PENDING, RUNNING; SUCCEEDED with its result; FAILED with status.error; CANCELED; CLOSED is named', () => {
    const statement = (status: object, more: object = {}) => ({
      statement_id: '01ed92c5',
      status,
      ...more,
    })
    expect(read(statement({ state: 'PENDING' }))).toStrictEqual(pending)
    expect(read(statement({ state: 'RUNNING' }))).toStrictEqual(pending)
    const result = { chunk_index: 0, row_offset: 0, row_count: 1, data_array: [['1']] }
    const manifest = {
      format: 'JSON_ARRAY',
      schema: { column_count: 1, columns: [{ name: 'n', type_name: 'INT', position: 0 }] },
      total_chunk_count: 1,
      total_row_count: 1,
    }
    expect(read(statement({ state: 'SUCCEEDED' }, { manifest, result }))).toStrictEqual({
      inline: result,
    })
    const error = {
      error_code: 'BAD_REQUEST',
      message: '[TABLE_OR_VIEW_NOT_FOUND] The table or view `x` cannot be found.',
    }
    expect(read(statement({ state: 'FAILED', error }))).toStrictEqual(failed(error))
    expect(read(statement({ state: 'CANCELED' }))).toStrictEqual(canceled)
    // CLOSED: it succeeded, and its result is gone; a word no other API uses so.
    expect(refusal(statement({ state: 'CLOSED' }))).toContain('Unknown status word "CLOSED"')
  })
})

describe('a sixth pass: workflow engines, CI and deploys', () => {
  it('Temporal DescribeWorkflowExecution: workflowExecutionInfo.status WORKFLOW_EXECUTION_STATUS_ values', () => {
    const execution = (status: string, more: object = {}) => ({
      executionConfig: {
        taskQueue: { name: 'orders', kind: 'TASK_QUEUE_KIND_NORMAL' },
        workflowExecutionTimeout: '0s',
        defaultWorkflowTaskTimeout: '10s',
      },
      workflowExecutionInfo: {
        execution: { workflowId: 'order-1', runId: 'e1f0' },
        type: { name: 'OrderWorkflow' },
        startTime: '2024-01-01T00:00:00Z',
        status: `WORKFLOW_EXECUTION_STATUS_${status}`,
        historyLength: '12',
        taskQueue: 'orders',
      },
      pendingActivities: [],
      pendingChildren: [],
      ...more,
    })
    const task = { state: 'PENDING_WORKFLOW_TASK_STATE_SCHEDULED', scheduledTime: 'x', attempt: 1 }
    expect(read(execution('RUNNING', { pendingWorkflowTask: task }))).toStrictEqual(pending)
    expect(read(execution('CONTINUED_AS_NEW'))).toStrictEqual(pending)
    // The workflow's result is in its history, not here: the description is what there is.
    expect(read(execution('COMPLETED'))).toStrictEqual({ inline: execution('COMPLETED') })
    expect(read(execution('FAILED'))).toMatchObject({ state: 'failed' })
    expect(read(execution('TIMED_OUT'))).toMatchObject({ state: 'failed' })
    expect(read(execution('CANCELED'))).toStrictEqual(canceled)
    expect(read(execution('TERMINATED'))).toStrictEqual(canceled)
  })

  it('Argo Workflows: status.phase Pending, Running; Succeeded; Failed and Error with status.message', () => {
    const workflow = (phase: string, more: object = {}) => ({
      metadata: {
        name: 'hello-world-x7',
        namespace: 'argo',
        labels: { 'workflows.argoproj.io/phase': phase },
      },
      spec: { entrypoint: 'main', arguments: {} },
      status: {
        phase,
        startedAt: '2024-01-01T00:00:00Z',
        progress: '0/1',
        nodes: { 'hello-world-x7': { id: 'hello-world-x7', type: 'Pod', phase } },
        ...more,
      },
    })
    expect(read(workflow('Pending'))).toStrictEqual(pending)
    expect(read(workflow('Running'))).toStrictEqual(pending)
    const done = workflow('Succeeded', {
      outputs: { parameters: [{ name: 'result', value: '42' }] },
    })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(workflow('Failed', { message: 'Error (exit code 1)' }))).toStrictEqual(
      failed('Error (exit code 1)'),
    )
    expect(read(workflow('Error', { message: 'pods "w" is forbidden' }))).toStrictEqual(
      failed('pods "w" is forbidden'),
    )
  })

  it('Spinnaker pipeline executions: NOT_STARTED, BUFFERED, RUNNING, PAUSED; SUCCEEDED; TERMINAL is named; CANCELED', () => {
    const execution = (status: string, more: object = {}) => ({
      id: '01HXEXEC',
      type: 'PIPELINE',
      name: 'deploy',
      application: 'web',
      status,
      canceled: false,
      limitConcurrent: true,
      stages: [{ id: 's1', type: 'bake', name: 'Bake', status: 'SUCCEEDED' }],
      startTime: 1704067200000,
      ...more,
    })
    for (const word of ['NOT_STARTED', 'BUFFERED', 'RUNNING', 'PAUSED', 'SUSPENDED']) {
      expect(read(execution(word))).toStrictEqual(pending)
    }
    expect(read(execution('SUCCEEDED'))).toStrictEqual({ inline: execution('SUCCEEDED') })
    // TERMINAL is Spinnaker's failure: a word no other API gives that sense.
    expect(refusal(execution('TERMINAL'))).toContain('Unknown status word "TERMINAL"')
    const parts = {
      classifyStatus: (word: string) => (word === 'TERMINAL' ? ('failed' as const) : undefined),
    }
    expect(read(execution('TERMINAL'), parts)).toMatchObject({ state: 'failed' })
    const stopped = execution('CANCELED', {
      canceled: true,
      canceledBy: 'me',
      cancellationReason: 'not needed',
    })
    expect(read(stopped)).toStrictEqual(canceled)
  })

  it('Octopus Deploy tasks: Queued, Executing, Cancelling; Success; Failed and TimedOut with ErrorMessage; Canceled', () => {
    const task = (state: string, completed: boolean, errorMessage = '') => ({
      Id: 'ServerTasks-1',
      SpaceId: 'Spaces-1',
      Name: 'Deploy',
      Description: 'Deploy release 1.0 to Production',
      State: state,
      Completed: completed ? 'a minute ago' : null,
      QueueTime: '2024-01-01T00:00:00Z',
      ErrorMessage: errorMessage,
      HasBeenPickedUpByProcessor: true,
      IsCompleted: completed,
      FinishedSuccessfully: state === 'Success',
      HasPendingInterruptions: false,
      HasWarningsOrErrors: errorMessage !== '',
      Links: {
        Self: '/api/Spaces-1/tasks/ServerTasks-1',
        Web: '/app#/Spaces-1/tasks/ServerTasks-1',
        Raw: '/api/Spaces-1/tasks/ServerTasks-1/raw',
      },
    })
    for (const word of ['Queued', 'Executing', 'Cancelling']) {
      expect(read(task(word, false))).toStrictEqual(pending)
    }
    expect(read(task('Success', true))).toStrictEqual({ inline: task('Success', true) })
    const why = 'The deployment failed because one or more steps failed.'
    expect(read(task('Failed', true, why))).toStrictEqual(failed(why))
    expect(read(task('TimedOut', true, 'Timed out'))).toStrictEqual(failed('Timed out'))
    expect(read(task('Canceled', true))).toStrictEqual(canceled)
  })

  it('Buildkite builds: scheduled, running, blocked, failing, canceling run; passed; failed; canceled; not_run is named', () => {
    const at = 'https://api.buildkite.com/v2/organizations/acme/pipelines/web/builds/7'
    const build = (state: string) => ({
      id: 'f62a1b4d',
      url: at,
      web_url: 'https://buildkite.com/acme/web/builds/7',
      number: 7,
      state,
      blocked: state === 'blocked',
      message: 'Bumping to version 0.2-beta.6',
      commit: 'abcd0b72a1e580e90712cdd9eb26d3fb41cd09c8',
      branch: 'main',
      jobs: [{ id: 'b63254c0', type: 'script', name: 'rspec', state: 'failed', exit_status: 1 }],
      pipeline: { id: '849411f9', name: 'web', slug: 'web', running_builds_count: 1 },
    })
    // `failing`: a job failed and others still run; the build has not ended.
    for (const word of ['scheduled', 'running', 'blocked', 'failing', 'canceling']) {
      expect(read(build(word), {}, at)).toStrictEqual(pending)
    }
    expect(read(build('passed'), {}, at)).toStrictEqual({ inline: build('passed') })
    // A build names no reason: its `message` is the commit's, so the detail is left unpinned.
    expect(read(build('failed'), {}, at)).toMatchObject({ state: 'failed' })
    expect(read(build('canceled'), {}, at)).toStrictEqual(canceled)
    expect(refusal(build('not_run'))).toContain('Unknown status word "not_run"')
  })

  it('Travis CI builds: created, received, started; passed; failed, errored without the commit message; canceled', () => {
    const at = 'https://api.travis-ci.com/build/86601346'
    const build = (state: string) => ({
      '@type': 'build',
      '@href': '/build/86601346',
      '@representation': 'standard',
      id: 86601346,
      number: '8',
      state,
      duration: null,
      event_type: 'api',
      previous_state: 'passed',
      repository: { '@type': 'repository', '@href': '/repo/1', id: 1, slug: 'org/app' },
      commit: { '@type': 'commit', id: 1, sha: 'abc', message: 'Fix the login' },
      jobs: [{ '@type': 'job', '@href': '/job/1', id: 1 }],
    })
    for (const word of ['created', 'received', 'started']) {
      expect(read(build(word), {}, at)).toStrictEqual(pending)
    }
    expect(read(build('passed'), {}, at)).toStrictEqual({ inline: build('passed') })
    // The commit's message is no account of the failure: a build names none.
    expect(read(build('failed'), {}, at)).toStrictEqual(failed(undefined))
    expect(read(build('errored'), {}, at)).toStrictEqual(failed(undefined))
    expect(read(build('canceled'), {}, at)).toStrictEqual(canceled)
  })

  it('Pulumi Deployments: not-started, accepted, running; succeeded; failed; skipped', () => {
    const deployment = (status: string) => ({
      id: 'b2a3c4d5',
      created: '2024-01-01T00:00:00Z',
      modified: '2024-01-01T00:01:00Z',
      status,
      version: 3,
      requestedBy: { name: 'ci', githubLogin: 'ci' },
      paused: false,
      pulumiOperation: 'update',
      updates: [],
      jobs: [
        {
          status,
          started: '2024-01-01T00:00:05Z',
          steps: [{ name: 'GetSource', status: 'succeeded' }],
        },
      ],
    })
    for (const word of ['not-started', 'accepted', 'running']) {
      expect(read(deployment(word))).toStrictEqual(pending)
    }
    expect(read(deployment('succeeded'))).toStrictEqual({ inline: deployment('succeeded') })
    expect(read(deployment('failed'))).toMatchObject({ state: 'failed' })
    expect(read(deployment('skipped'))).toStrictEqual(canceled)
  })

  it('Ansible AWX jobs: new, pending, waiting, running; successful; failed; error with its traceback; canceled beside failed: true', () => {
    const at = 'https://awx.example.com/api/v2/jobs/7/'
    const job = (status: string, more: object = {}) => ({
      id: 7,
      type: 'job',
      url: '/api/v2/jobs/7/',
      related: { stdout: '/api/v2/jobs/7/stdout/', cancel: '/api/v2/jobs/7/cancel/' },
      summary_fields: { job_template: { id: 5, name: 'deploy' } },
      name: 'deploy',
      launch_type: 'manual',
      status,
      // AWX sets it for failed, error and canceled alike.
      failed: ['failed', 'error', 'canceled'].includes(status),
      started: '2024-01-01T00:00:00Z',
      job_explanation: '',
      result_traceback: '',
      playbook: 'site.yml',
      artifacts: {},
      ...more,
    })
    for (const word of ['new', 'pending', 'waiting', 'running']) {
      expect(read(job(word), {}, at)).toStrictEqual(pending)
    }
    const done = job('successful', { artifacts: { build: '1.2.3' } })
    expect(read(done, {}, at)).toStrictEqual({ inline: done })
    expect(read(job('failed'), {}, at)).toStrictEqual(failed(undefined))
    const traceback = 'Traceback (most recent call last):\n  RuntimeError: Receptor detail'
    expect(
      read(
        job('error', {
          job_explanation: 'Job terminated due to error',
          result_traceback: traceback,
        }),
        {},
        at,
      ),
    ).toStrictEqual(failed(traceback))
    expect(read(job('canceled'), {}, at)).toStrictEqual(canceled)
  })

  it('Fly.io machines: created, starting; started is the machine up, named by classifyStatus; stopped; destroyed is named', () => {
    const machine = (state: string) => ({
      id: '3d8d9d6a',
      name: 'quiet-sun-1',
      state,
      region: 'ord',
      instance_id: '01H3JK',
      private_ip: 'fdaa:0:3b99:a7b:7d:3d8d:9d6a:2',
      config: {
        image: 'registry-1.docker.io/library/nginx:latest',
        guest: { cpu_kind: 'shared', cpus: 1 },
      },
      image_ref: { registry: 'registry-1.docker.io', repository: 'library/nginx', tag: 'latest' },
      created_at: '2024-01-01T00:00:00Z',
      events: [{ type: 'launch', status: state, source: 'user', timestamp: 1704067200000 }],
    })
    expect(read(machine('created'))).toStrictEqual(pending)
    expect(read(machine('starting'))).toStrictEqual(pending)
    // Started is a job begun in most APIs: zero configuration polls on, never resolves by guess.
    expect(read(machine('started'))).toStrictEqual(pending)
    const parts = {
      classifyStatus: (word: string) => (word === 'started' ? ('succeeded' as const) : undefined),
    }
    expect(read(machine('started'), parts)).toStrictEqual({ inline: machine('started') })
    expect(read(machine('stopped'))).toStrictEqual(canceled)
    expect(refusal(machine('destroyed'))).toContain('Unknown status word "destroyed"')
  })

  it('Mapbox tileset jobs: stage queued, processing; success; failed with its errors', () => {
    const job = (stage: string, more: object = {}) => ({
      id: 'cli8a7mo',
      stage,
      created: 1704067200000,
      published: 1704067200000,
      tilesetId: 'acme.hello-world',
      errors: [],
      warnings: [],
      ...more,
    })
    expect(read(job('queued'))).toStrictEqual(pending)
    expect(read(job('processing'))).toStrictEqual(pending)
    const done = job('success', { completed: 1704067300000, filesize: 1024, layer_stats: {} })
    expect(read(done)).toStrictEqual({ inline: done })
    const errors = ['Recipe is invalid: maxzoom is required']
    expect(read(job('failed', { errors }))).toStrictEqual(failed(errors))
  })
})

describe('a seventh pass: AI, documents and marketing exports', () => {
  it('Azure Document Intelligence analyze: notStarted, running; succeeded with analyzeResult; failed with its error', () => {
    const result = (status: string, more: object = {}) => ({
      status,
      createdDateTime: '2024-01-01T00:00:00Z',
      lastUpdatedDateTime: '2024-01-01T00:00:05Z',
      ...more,
    })
    expect(read(result('notStarted'))).toStrictEqual(pending)
    expect(read(result('running'))).toStrictEqual(pending)
    const analyzeResult = {
      apiVersion: '2024-11-30',
      modelId: 'prebuilt-invoice',
      content: 'CONTOSO LTD. INVOICE',
      pages: [{ pageNumber: 1, width: 8.5, height: 11, unit: 'inch' }],
      documents: [{ docType: 'invoice', confidence: 0.99 }],
    }
    expect(read(result('succeeded', { analyzeResult }))).toStrictEqual({ inline: analyzeResult })
    const error = {
      code: 'InvalidRequest',
      message: 'Invalid request.',
      innererror: {
        code: 'InvalidContent',
        message: 'The file is corrupted or format is unsupported.',
      },
    }
    expect(read(result('failed', { error }))).toStrictEqual(failed(error))
  })

  it('Azure AI Language analyze-text jobs: notStarted, running, cancelling; succeeded and partiallyCompleted with tasks; failed with errors; cancelled', () => {
    const job = (status: string, counts: [number, number, number], more: object = {}) => ({
      jobId: '3f5d1c2e-0000-4000-8000-000000000001',
      lastUpdatedDateTime: '2024-01-01T00:00:05Z',
      createdDateTime: '2024-01-01T00:00:00Z',
      expirationDateTime: '2024-01-02T00:00:00Z',
      status,
      errors: [],
      displayName: 'Extracting entities',
      tasks: {
        completed: counts[0],
        failed: counts[1],
        inProgress: counts[2],
        total: 2,
        items: [],
      },
      ...more,
    })
    expect(read(job('notStarted', [0, 0, 2]))).toStrictEqual(pending)
    expect(read(job('running', [1, 0, 1]))).toStrictEqual(pending)
    expect(read(job('cancelling', [1, 0, 1]))).toStrictEqual(pending)
    const done = job('succeeded', [2, 0, 0])
    expect(read(done)).toStrictEqual({ inline: done })
    // Some tasks failed, the others' results are there: the job ended with what it made.
    const partial = job('partiallyCompleted', [1, 1, 0], {
      errors: [{ code: 'InternalServerError', message: 'Task EntityRecognition failed' }],
    })
    expect(read(partial)).toStrictEqual({ inline: partial })
    const errors = [{ code: 'InvalidRequest', message: 'Document text is empty.' }]
    expect(read(job('failed', [0, 2, 0], { errors }))).toStrictEqual(failed(errors))
    expect(read(job('cancelled', [1, 0, 0]))).toStrictEqual(canceled)
  })

  it('Azure Speech batch synthesis: NotStarted, Running; Succeeded with outputs.result; Failed with properties.error', () => {
    const synthesis = (status: string, more: object = {}) => ({
      id: 'my-job-01',
      internalId: '9bd1cf3c-0000-4000-8000-000000000002',
      status,
      createdDateTime: '2024-01-01T00:00:00Z',
      lastActionDateTime: '2024-01-01T00:00:10Z',
      inputKind: 'PlainText',
      synthesisConfig: { voice: 'en-US-AvaMultilingualNeural' },
      properties: { timeToLiveInHours: 744 },
      ...more,
    })
    expect(read(synthesis('NotStarted'))).toStrictEqual(pending)
    expect(read(synthesis('Running'))).toStrictEqual(pending)
    const outputs = {
      result:
        'https://cvoiceprodeus.blob.core.windows.net/batch-synthesis-output/my-job-01/results.zip?sv=2021',
    }
    // The zip is a blob behind a SAS token the app fetches: its link stays in the inline outputs.
    expect(read(synthesis('Succeeded', { outputs }))).toStrictEqual({ inline: outputs })
    const error = { code: 'InvalidPayload', message: 'The input text is empty.' }
    const broken = synthesis('Failed', { properties: { timeToLiveInHours: 744, error } })
    expect(read(broken)).toStrictEqual(failed(error))
  })

  it('Uploadcare document conversions: pending, processing; finished with the result file; failed with its error; cancelled', () => {
    const conversion = (status: string, error: string | null = null, result: object = {}) => ({
      status,
      error,
      result,
    })
    expect(read(conversion('pending'))).toStrictEqual(pending)
    expect(read(conversion('processing'))).toStrictEqual(pending)
    const file = { uuid: '500196bc-9da5-4aaf-8f3e-70a4ce86edae' }
    expect(read(conversion('finished', null, file))).toStrictEqual({ inline: file })
    expect(read(conversion('failed', 'Source file is not a document'))).toStrictEqual(
      failed('Source file is not a document'),
    )
    expect(read(conversion('cancelled'))).toStrictEqual(canceled)
  })

  it('Meta Marketing API async report runs: Job Not Started, Job Started, Job Running with its percent; Job Completed; Job Failed; Job Skipped', () => {
    const run = (status: string, percent: number) => ({
      id: '6041121209216',
      account_id: '1234567890',
      time_ref: 1704067200,
      time_completed: percent === 100 ? 1704067260 : 0,
      async_status: status,
      async_percent_completion: percent,
      date_start: '2024-01-01',
      date_stop: '2024-01-31',
    })
    expect(read(run('Job Not Started', 0))).toStrictEqual({
      ...pending,
      progress: { value: 0, scale: 'percent' },
    })
    expect(read(run('Job Started', 0))).toMatchObject(pending)
    expect(read(run('Job Running', 45))).toStrictEqual({
      ...pending,
      progress: { value: 45, scale: 'percent' },
    })
    // The rows are at /{report_run_id}/insights, which locateResult names.
    const parts = { locateResult: 'https://graph.facebook.com/v19.0/{id}/insights' }
    expect(read(run('Job Completed', 100), parts)).toStrictEqual({
      link: 'https://graph.facebook.com/v19.0/6041121209216/insights',
    })
    expect(read(run('Job Failed', 20))).toMatchObject({ state: 'failed' })
    expect(read(run('Job Skipped', 0))).toStrictEqual(canceled)
  })

  it('LinkedIn video uploads: WAITING_UPLOAD, PROCESSING; AVAILABLE; PROCESSING_FAILED with its reason', () => {
    const video = (status: string, more: object = {}) => ({
      id: 'urn:li:video:C5F10AQGKQg_6y2a4sQ',
      owner: 'urn:li:organization:2414183',
      duration: 0,
      aspectRatioWidth: 16,
      aspectRatioHeight: 9,
      status,
      ...more,
    })
    expect(read(video('WAITING_UPLOAD'))).toStrictEqual(pending)
    expect(read(video('PROCESSING'))).toStrictEqual(pending)
    const done = video('AVAILABLE', {
      downloadUrl: 'https://www.linkedin.com/dms/prv/vid/C5F10AQGKQg_6y2a4sQ',
      duration: 12000,
    })
    expect(read(done)).toStrictEqual({
      link: 'https://www.linkedin.com/dms/prv/vid/C5F10AQGKQg_6y2a4sQ',
    })
    expect(
      read(video('PROCESSING_FAILED', { processingFailureReason: 'Video is too short' })),
    ).toStrictEqual(failed('Video is too short'))
  })

  it('Intercom data exports: pending, in_progress; completed with its download_url; failed, expired; canceled; no_data is named', () => {
    const job = (status: string, download_url = '') => ({
      job_identifier: 'orzzsbd7hk67xyu',
      status,
      download_expires_at: '',
      download_url,
    })
    expect(read(job('pending'))).toStrictEqual(pending)
    expect(read(job('in_progress'))).toStrictEqual(pending)
    const url = 'https://api.intercom.io/download/content/data/xyz1234'
    expect(read(job('completed', url))).toStrictEqual({ link: url })
    expect(read(job('failed'))).toMatchObject({ state: 'failed' })
    expect(read(job('expired'))).toMatchObject({ state: 'failed' })
    expect(read(job('canceled'))).toStrictEqual(canceled)
    // The export ended and found nothing: no word of the table, named by the app.
    expect(refusal(job('no_data'))).toContain('Unknown status word "no_data"')
    const parts = {
      classifyStatus: (word: string) => (word === 'no_data' ? ('succeeded' as const) : undefined),
    }
    expect(read(job('no_data'), parts)).toStrictEqual({ inline: job('no_data') })
  })

  it('Klaviyo bulk profile import jobs: JSON:API attributes.status queued, processing; complete; cancelled', () => {
    const job = (status: string, completed: number) => ({
      data: {
        type: 'profile-bulk-import-job',
        id: 'ZXlKMGVYQWlPaUpLVjFRaUxD',
        attributes: {
          status,
          created_at: '2024-01-01T00:00:00Z',
          total_count: 100,
          completed_count: completed,
          failed_count: 0,
          completed_at: null,
          expires_at: '2024-01-08T00:00:00Z',
          started_at: '2024-01-01T00:00:01Z',
        },
        relationships: { lists: { data: [{ type: 'list', id: 'Y6nRLr' }] } },
        links: {
          self: 'https://a.klaviyo.com/api/profile-bulk-import-jobs/ZXlKMGVYQWlPaUpLVjFRaUxD',
        },
      },
      links: {
        self: 'https://a.klaviyo.com/api/profile-bulk-import-jobs/ZXlKMGVYQWlPaUpLVjFRaUxD',
      },
    })
    const self = 'https://a.klaviyo.com/api/profile-bulk-import-jobs/ZXlKMGVYQWlPaUpLVjFRaUxD'
    expect(read(job('queued', 0), {}, self)).toStrictEqual(pending)
    expect(read(job('processing', 40), {}, self)).toStrictEqual(pending)
    const done = job('complete', 100)
    expect(read(done, {}, self)).toStrictEqual({ inline: done.data })
    expect(read(job('cancelled', 40), {}, self)).toStrictEqual(canceled)
  })

  it('Marketo bulk extract jobs: the job is the first of a result array, named by stateField', () => {
    const job = (status: string, more: object = {}) => ({
      requestId: 'e42b#14272d07d78',
      success: true,
      result: [
        {
          exportId: 'ce45a7a1-f19d-4ce2-882c-a3c795a5b3e1',
          format: 'CSV',
          status,
          createdAt: '2024-01-01T00:00:00Z',
          ...more,
        },
      ],
    })
    // An array holds no state pollwise reads by itself: the status is not a status body.
    expect(createReading().observe(response(job('Queued')))).toBeUndefined()
    const parts = {
      stateField: 'result.0.status',
      locateResult: '/bulk/v1/leads/export/{result.0.exportId}/file.json',
    }
    expect(read(job('Created'), parts)).toStrictEqual(pending)
    expect(read(job('Queued'), parts)).toStrictEqual(pending)
    expect(read(job('Processing'), parts)).toStrictEqual(pending)
    expect(read(job('Completed', { numberOfRecords: 122, fileSize: 4896 }), parts)).toStrictEqual({
      link: 'https://api.example.com/bulk/v1/leads/export/ce45a7a1-f19d-4ce2-882c-a3c795a5b3e1/file.json',
    })
    expect(read(job('Failed', { errorMsg: 'Export failed' }), parts)).toStrictEqual(
      failed('Export failed'),
    )
    expect(read(job('Cancelled'), parts)).toStrictEqual(canceled)
  })

  it('Miro board export jobs: jobStatus CREATED, IN_PROGRESS; FINISHED; CANCELLED', () => {
    const job = (jobStatus: string) => ({ id: '5e9b1f8e-0000-4000-8000-000000000003', jobStatus })
    expect(read(job('CREATED'))).toStrictEqual(pending)
    expect(read(job('IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(job('FINISHED'))).toStrictEqual({ inline: job('FINISHED') })
    expect(read(job('CANCELLED'))).toStrictEqual(canceled)
  })

  it('Google Ads offline user data jobs: PENDING, RUNNING; SUCCESS; FAILED with its failureReason', () => {
    const job = (status: string, more: object = {}) => ({
      resourceName: 'customers/1234567890/offlineUserDataJobs/555',
      id: '555',
      type: 'CUSTOMER_MATCH_USER_LIST',
      status,
      ...more,
    })
    expect(read(job('PENDING'))).toStrictEqual(pending)
    expect(read(job('RUNNING'))).toStrictEqual(pending)
    expect(read(job('SUCCESS'))).toStrictEqual({ inline: job('SUCCESS') })
    expect(
      read(job('FAILED', { failureReason: 'INSUFFICIENT_MATCHED_TRANSACTIONS' })),
    ).toStrictEqual(failed('INSUFFICIENT_MATCHED_TRANSACTIONS'))
  })
})

describe('a seventh pass: AWS jobs and resources', () => {
  it('AWS Elastic Transcoder jobs: Job.Status Submitted, Progressing; Complete; Canceled; Error with the output’s StatusDetail', () => {
    const job = (status: string, statusDetail?: string) => ({
      Job: {
        Id: '3333333333333-abcde3',
        PipelineId: '1111111111111-abcde1',
        Input: { Key: 'input/video.mp4' },
        Output: {
          Key: 'output/video.mp4',
          PresetId: '1351620000001-000010',
          Status: status,
          ...(statusDetail === undefined ? {} : { StatusDetail: statusDetail }),
        },
        Status: status,
      },
    })
    expect(read(job('Submitted'))).toStrictEqual(pending)
    expect(read(job('Progressing'))).toStrictEqual(pending)
    expect(read(job('Complete'))).toMatchObject({ inline: { Key: 'output/video.mp4' } })
    expect(read(job('Canceled'))).toStrictEqual(canceled)
    const detail = '3002 25319782: The specified object could not be saved in the specified bucket'
    expect(read(job('Error', detail))).toStrictEqual(
      failed({
        Key: 'output/video.mp4',
        PresetId: '1351620000001-000010',
        Status: 'Error',
        StatusDetail: detail,
      }),
    )
  })

  it('AWS Translate batch jobs: SUBMITTED, IN_PROGRESS, STOP_REQUESTED; COMPLETED; COMPLETED_WITH_ERROR and FAILED with their Message; STOPPED', () => {
    const job = (JobStatus: string, more: object = {}) => ({
      TextTranslationJobProperties: {
        JobId: '1c1838f470806ab9a3e0057f14717bed',
        JobName: 'batch-test',
        JobStatus,
        JobDetails: {
          TranslatedDocumentsCount: 0,
          DocumentsWithErrorsCount: 0,
          InputDocumentsCount: 2,
        },
        SourceLanguageCode: 'en',
        TargetLanguageCodes: ['fr'],
        OutputDataConfig: { S3Uri: 's3://bucket/output/' },
        ...more,
      },
    })
    expect(read(job('SUBMITTED'))).toStrictEqual(pending)
    expect(read(job('IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(job('STOP_REQUESTED'))).toStrictEqual(pending)
    const done = job('COMPLETED')
    expect(read(done)).toStrictEqual({ inline: done })
    // Some documents failed: the word says error, and the job is read as failed with its message.
    const message = 'Translation failed for 1 document(s); see the .err files in the output.'
    expect(read(job('COMPLETED_WITH_ERROR', { Message: message }))).toStrictEqual(failed(message))
    expect(read(job('FAILED', { Message: 'Input bucket not found' }))).toStrictEqual(
      failed('Input bucket not found'),
    )
    expect(read(job('STOPPED'))).toStrictEqual(canceled)
  })

  it('AWS Personalize solution versions: CREATE PENDING, CREATE IN_PROGRESS, CREATE STOPPING run; ACTIVE is named; CREATE FAILED; CREATE STOPPED', () => {
    const version = (status: string, more: object = {}) => ({
      solutionVersion: {
        solutionVersionArn: 'arn:aws:personalize:us-west-2:1:solution/s/1',
        solutionArn: 'arn:aws:personalize:us-west-2:1:solution/s',
        trainingMode: 'FULL',
        status,
        ...more,
      },
    })
    expect(read(version('CREATE PENDING'))).toStrictEqual(pending)
    expect(read(version('CREATE IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(version('CREATE STOPPING'))).toStrictEqual(pending)
    // ACTIVE is work under way to most APIs: zero configuration polls on, never resolves by guess.
    expect(read(version('ACTIVE'))).toStrictEqual(pending)
    const parts = {
      classifyStatus: (word: string) => (word === 'ACTIVE' ? ('succeeded' as const) : undefined),
    }
    expect(read(version('ACTIVE'), parts)).toStrictEqual({
      inline: version('ACTIVE'),
    })
    expect(
      read(version('CREATE FAILED', { failureReason: 'Not enough interactions' }), parts),
    ).toStrictEqual(failed('Not enough interactions'))
    expect(read(version('CREATE STOPPED'), parts)).toStrictEqual(canceled)
  })

  it('AWS Glue crawlers: RUNNING and STOPPING run; READY is refused; a stateField function reads the LastCrawl', () => {
    const crawler = (State: string, LastCrawl?: object) => ({
      Crawler: {
        Name: 'sales',
        Role: 'AWSGlueServiceRole',
        State,
        ...(LastCrawl ? { LastCrawl } : {}),
      },
    })
    expect(read(crawler('RUNNING'))).toStrictEqual(pending)
    expect(read(crawler('STOPPING'))).toStrictEqual(pending)
    // READY is the crawler idle, before a crawl as after one: never taken for success.
    expect(refusal(crawler('READY', { Status: 'SUCCEEDED' }))).toContain(
      'Unknown status word "READY"',
    )
    type Crawler = { Crawler: { State: string; LastCrawl?: { Status: string } } }
    const parts: ConventionParts = {
      stateField: (body) => {
        const { State, LastCrawl } = (body as Crawler).Crawler
        if (State !== 'READY' || LastCrawl === undefined) return 'pending'
        return ({ SUCCEEDED: 'succeeded', FAILED: 'failed', CANCELLED: 'canceled' } as const)[
          LastCrawl.Status as 'SUCCEEDED'
        ]
      },
      failureField: 'Crawler.LastCrawl.ErrorMessage',
    }
    expect(read(crawler('RUNNING'), parts)).toStrictEqual(pending)
    const done = crawler('READY', { Status: 'SUCCEEDED', TablesCreated: 1 })
    expect(read(done, parts)).toStrictEqual({ inline: done })
    const broken = crawler('READY', {
      Status: 'FAILED',
      ErrorMessage: 'Access denied to s3://sales',
    })
    expect(read(broken, parts)).toStrictEqual(failed('Access denied to s3://sales'))
    expect(read(crawler('READY', { Status: 'CANCELLED' }), parts)).toStrictEqual(canceled)
  })

  it('AWS Route 53 GetChange: PENDING runs; INSYNC is refused until classifyStatus names it', () => {
    const change = (Status: string) => ({
      ChangeInfo: {
        Id: '/change/C2682N5HXP0BZ4',
        Status,
        SubmittedAt: '2024-01-01T00:00:00.000Z',
        Comment: 'Add www',
      },
    })
    expect(read(change('PENDING'))).toStrictEqual(pending)
    expect(refusal(change('INSYNC'))).toContain('Unknown status word "INSYNC"')
    const parts = {
      classifyStatus: (word: string) => (word === 'INSYNC' ? ('succeeded' as const) : undefined),
    }
    expect(read(change('INSYNC'), parts)).toStrictEqual({ inline: change('INSYNC') })
  })

  it('AWS RDS and EBS snapshots: a list answer, read where stateField says; its progress where progressField says', () => {
    const rds = (Status: string, PercentProgress: number) => ({
      DBSnapshots: [
        {
          DBSnapshotIdentifier: 'mydbsnapshot',
          DBInstanceIdentifier: 'mydb',
          SnapshotType: 'manual',
          Status,
          PercentProgress,
        },
      ],
    })
    expect(createReading().observe(response(rds('creating', 40)))).toBeUndefined()
    const rdsParts = {
      stateField: 'DBSnapshots.0.Status',
      progressField: 'DBSnapshots.0.PercentProgress',
      progressScale: 'percent',
    } as const
    expect(read(rds('creating', 40), rdsParts)).toStrictEqual({
      ...pending,
      progress: { value: 40, scale: 'percent' },
    })
    expect(read(rds('available', 100), rdsParts)).toMatchObject({ inline: rds('available', 100) })
    expect(read(rds('failed', 40), rdsParts)).toMatchObject({ state: 'failed' })
    const ebs = (State: string, Progress: string, more: object = {}) => ({
      Snapshots: [
        { SnapshotId: 'snap-1234567890abcdef0', VolumeId: 'vol-1', State, Progress, ...more },
      ],
    })
    const ebsParts: ConventionParts = {
      stateField: 'Snapshots.0.State',
      // `Progress` is a string: `"45%"`.
      progressField: (body) =>
        Number.parseFloat((body as ReturnType<typeof ebs>).Snapshots[0]?.Progress ?? ''),
      progressScale: 'percent',
      failureField: 'Snapshots.0.StateMessage',
    }
    expect(read(ebs('pending', '45%'), ebsParts)).toStrictEqual({
      ...pending,
      progress: { value: 45, scale: 'percent' },
    })
    expect(read(ebs('completed', '100%'), ebsParts)).toMatchObject({
      inline: ebs('completed', '100%'),
    })
    const error = ebs('error', '45%', { StateMessage: 'Volume is not attached' })
    expect(read(error, ebsParts)).toStrictEqual(failed('Volume is not attached'))
  })
})

describe('a seventh pass: AWS executions', () => {
  it('AWS Systems Manager Automation: Pending, InProgress, Waiting, PendingApproval, RunbookInProgress, Cancelling run; Success, CompletedWithSuccess; Failed, TimedOut, CompletedWithFailure with the FailureMessage; Cancelled; Approved and Exited are named', () => {
    const execution = (status: string, more: object = {}) => ({
      AutomationExecution: {
        AutomationExecutionId: '4105a4fc-f944-11e6-9d32-0123456789ab',
        DocumentName: 'AWS-UpdateLinuxAmi',
        DocumentVersion: '1',
        ExecutionStartTime: 1704067200,
        AutomationExecutionStatus: status,
        StepExecutions: [
          { StepName: 'launchInstance', Action: 'aws:runInstances', StepStatus: 'Success' },
        ],
        Parameters: { SourceAmiId: ['ami-0123'] },
        Mode: 'Auto',
        ...more,
      },
    })
    for (const status of [
      'Pending',
      'InProgress',
      'Waiting',
      'PendingApproval',
      'RunbookInProgress',
      'Cancelling',
    ]) {
      expect(read(execution(status))).toStrictEqual(pending)
    }
    const Outputs = { 'createImage.ImageId': ['ami-0456'] }
    expect(read(execution('Success', { Outputs }))).toStrictEqual({ inline: Outputs })
    expect(read(execution('CompletedWithSuccess', { Outputs }))).toStrictEqual({ inline: Outputs })
    const FailureMessage = 'Step fails when it is verifying the command has completed.'
    for (const status of ['Failed', 'TimedOut', 'CompletedWithFailure']) {
      expect(read(execution(status, { FailureMessage }))).toStrictEqual(failed(FailureMessage))
    }
    expect(read(execution('Cancelled'))).toStrictEqual(canceled)
    // Approved: the run goes on once approved, or has ended; Exited: ended how? Named by the app.
    expect(refusal(execution('Approved'))).toContain('Unknown status word "Approved"')
    expect(refusal(execution('Exited'))).toContain('Unknown status word "Exited"')
  })

  it('AWS CodePipeline executions: InProgress, Stopping; Succeeded; Failed with its statusSummary; Stopped, Cancelled; Superseded is named', () => {
    const execution = (status: string, more: object = {}) => ({
      pipelineExecution: {
        pipelineName: 'api',
        pipelineVersion: 3,
        pipelineExecutionId: '42ee4d10-e4de-a37c-82b7-36c11EXAMPLE',
        status,
        artifactRevisions: [{ name: 'Source', revisionId: 'b3f6bce1', revisionSummary: 'fix' }],
        trigger: {
          triggerType: 'StartPipelineExecution',
          triggerDetail: 'arn:aws:iam::1:user/dev',
        },
        executionMode: 'SUPERSEDED',
        ...more,
      },
    })
    expect(read(execution('InProgress'))).toStrictEqual(pending)
    expect(read(execution('Stopping'))).toStrictEqual(pending)
    expect(read(execution('Succeeded'))).toStrictEqual({ inline: execution('Succeeded') })
    const statusSummary = 'Deploy action failed: the deployment group is not found'
    expect(read(execution('Failed', { statusSummary }))).toStrictEqual(failed(statusSummary))
    expect(read(execution('Stopped'))).toStrictEqual(canceled)
    expect(read(execution('Cancelled'))).toStrictEqual(canceled)
    // A newer execution went on in its place: the work is not done, nor failed, by guess.
    expect(refusal(execution('Superseded'))).toContain('Unknown status word "Superseded"')
  })
})

describe('a seventh pass: Azure Key Vault and Google Earth Engine operations', () => {
  it('Azure Key Vault certificate operations: inProgress with status_details; completed with its target; failed with its error; cancelled', () => {
    const operation = (status: string, more: object = {}) => ({
      id: 'https://myvault.vault.azure.net/certificates/mycert/pending',
      issuer: { name: 'Self' },
      csr: 'MIICoDCCAYgCAQAwEzERMA8GA1UEAxMIQ2VydDIwMTUwggEi',
      cancellation_requested: false,
      status,
      status_details: 'Pending certificate created. Certificate request is in progress.',
      request_id: 'a76827a18b63421c917da80f28e9913d',
      ...more,
    })
    expect(read(operation('inProgress'))).toStrictEqual(pending)
    const done = operation('completed', {
      target: 'https://myvault.vault.azure.net/certificates/mycert',
      status_details: '',
    })
    expect(read(done)).toStrictEqual({ inline: done })
    const error = { code: 'CertificateIssuerError', message: 'The issuer rejected the request.' }
    expect(read(operation('failed', { error }))).toStrictEqual(failed(error))
    expect(read(operation('cancelled', { cancellation_requested: true }))).toStrictEqual(canceled)
  })

  it('Azure Key Vault full backup: InProgress; Succeeded with its azureStorageBlobContainerUri; Failed with its error', () => {
    const job = (status: string, error: object | null = null) => ({
      status,
      statusDetails: status === 'Failed' ? 'Backup failed' : null,
      error,
      startTime: 1704067200,
      endTime: status === 'InProgress' ? null : 1704067260,
      jobId: '3c2d6e1a9e4c4a2b8f9d6e1a9e4c4a2b',
      azureStorageBlobContainerUri:
        status === 'Succeeded'
          ? 'https://mystorage.blob.core.windows.net/backup/mhsm-mykv-2024010100'
          : null,
    })
    expect(read(job('InProgress'))).toStrictEqual(pending)
    expect(read(job('Succeeded'))).toStrictEqual({ inline: job('Succeeded') })
    const error = {
      code: 'StorageAccessDenied',
      message: 'The SAS token is not valid.',
      innererror: null,
    }
    expect(read(job('Failed', error))).toStrictEqual(failed(error))
  })

  it('Google Earth Engine operations: metadata.state PENDING, RUNNING with progress, CANCELLING; done SUCCEEDED; done with an error fails', () => {
    const name = 'projects/my-project/operations/Q3PBBD3KRSAHW7NGXRBJT6XM'
    const metadata = (state: string, progress: number) => ({
      '@type': 'type.googleapis.com/google.earthengine.v1.OperationMetadata',
      state,
      description: 'export to Drive',
      type: 'EXPORT_IMAGE',
      priority: 100,
      createTime: '2024-01-01T00:00:00Z',
      updateTime: '2024-01-01T00:01:00Z',
      progress,
      destinationUris: ['https://drive.google.com/#folders/1AbC'],
    })
    expect(read({ name, metadata: metadata('PENDING', 0) })).toMatchObject(pending)
    expect(read({ name, metadata: metadata('RUNNING', 0.4) })).toStrictEqual({
      ...pending,
      progress: { value: 0.4, scale: 'unknown' },
    })
    expect(read({ name, metadata: metadata('CANCELLING', 0.4) })).toMatchObject(pending)
    const response = { '@type': 'type.googleapis.com/google.protobuf.Empty' }
    expect(read({ name, metadata: metadata('SUCCEEDED', 1), done: true, response })).toStrictEqual({
      inline: response,
    })
    const error = { code: 3, message: 'Export too large: specified 1e10 pixels (max: 1e8)' }
    expect(read({ name, metadata: metadata('FAILED', 0.4), done: true, error })).toStrictEqual(
      failed(error),
    )
  })
})

describe('a seventh pass: CI, builds, imports and deploys', () => {
  it('TeamCity builds: queued; running with the outcome so far; finished with SUCCESS, or FAILURE and its statusText', () => {
    const build = (state: string, more: object = {}) => ({
      id: 2347,
      buildTypeId: 'MyProject_Build',
      number: '112',
      state,
      branchName: 'main',
      href: '/app/rest/builds/id:2347',
      webUrl: 'https://teamcity.example.com/viewLog.html?buildId=2347',
      ...more,
    })
    expect(read(build('queued', { waitReason: 'Waiting for an agent' }))).toStrictEqual(pending)
    // A running build reports SUCCESS until a step fails: the build still runs either way.
    expect(read(build('running', { status: 'SUCCESS', percentageComplete: 40 }))).toStrictEqual({
      ...pending,
      progress: { value: 40, scale: 'percent' },
    })
    expect(
      read(build('running', { status: 'FAILURE', statusText: 'Tests failed: 1' })),
    ).toMatchObject(pending)
    const done = build('finished', { status: 'SUCCESS', statusText: 'Tests passed: 40' })
    expect(read(done)).toMatchObject({ link: 'https://api.example.com/app/rest/builds/id:2347' })
    expect(
      read(
        build('finished', { status: 'FAILURE', statusText: 'Tests failed: 1 (1 new), passed: 39' }),
      ),
    ).toStrictEqual(failed('Tests failed: 1 (1 new), passed: 39'))
  })

  it('Quay repository builds: phase waiting, build-scheduled, pulling, building, pushing beside a status of figures; complete; error, internalerror, expired; cancelled', () => {
    const build = (phase: string, error: string | null = null) => ({
      id: 'e8a2f4f4-0000-4000-8000-000000000004',
      phase,
      started: 'Mon, 01 Jan 2024 00:00:00 -0000',
      display_name: 'abc1234',
      status:
        phase === 'waiting' ? {} : { heartbeat: 1704067200, current_command: 2, total_commands: 5 },
      subdirectory: '/',
      dockerfile_path: '/Dockerfile',
      tags: ['latest'],
      is_writer: true,
      repository: { namespace: 'acme', name: 'api' },
      error,
    })
    for (const phase of [
      'waiting',
      'build-scheduled',
      'unpacking',
      'pulling',
      'building',
      'pushing',
    ]) {
      expect(read(build(phase))).toStrictEqual(pending)
    }
    expect(read(build('complete'))).toStrictEqual({ inline: build('complete') })
    expect(read(build('error', 'Dockerfile not found'))).toStrictEqual(
      failed('Dockerfile not found'),
    )
    expect(read(build('internalerror', 'Worker lost'))).toStrictEqual(failed('Worker lost'))
    expect(read(build('expired'))).toMatchObject({ state: 'failed' })
    expect(read(build('cancelled'))).toStrictEqual(canceled)
  })

  it('SonarCloud compute engine tasks: task.status PENDING, IN_PROGRESS; SUCCESS; FAILED with errorMessage; CANCELED', () => {
    const task = (status: string, more: object = {}) => ({
      task: {
        id: 'AVAn5RKqYwETbXvgas-I',
        type: 'REPORT',
        componentKey: 'acme_api',
        status,
        submittedAt: '2024-01-01T00:00:00+0000',
        analysisId: status === 'SUCCESS' ? 'AVAn5RKq' : undefined,
        ...more,
      },
    })
    expect(read(task('PENDING'))).toStrictEqual(pending)
    expect(read(task('IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(task('SUCCESS'))).toStrictEqual({ inline: task('SUCCESS') })
    expect(
      read(task('FAILED', { errorMessage: 'Fail to extract report from database' })),
    ).toStrictEqual(failed('Fail to extract report from database'))
    expect(read(task('CANCELED'))).toStrictEqual(canceled)
  })

  it('GitLab project imports: import_status scheduled, started; finished; failed with import_error; none is refused', () => {
    const project = (import_status: string, import_error: string | null = null) => ({
      id: 1,
      description: null,
      name: 'api',
      name_with_namespace: 'acme / api',
      path: 'api',
      path_with_namespace: 'acme/api',
      created_at: '2024-01-01T00:00:00Z',
      import_status,
      correlation_id: 'mezklWso3Za',
      failed_relations: [],
      import_error,
    })
    expect(read(project('scheduled'))).toStrictEqual(pending)
    expect(read(project('started'))).toStrictEqual(pending)
    expect(read(project('finished'))).toStrictEqual({ inline: project('finished') })
    expect(read(project('failed', 'Repository could not be cloned'))).toStrictEqual(
      failed('Repository could not be cloned'),
    )
    // `none`: the project was never imported; no job to wait for, and no state by guess.
    expect(refusal(project('none'))).toContain('Unknown status word "none"')
  })

  it('Jenkins queue items: no state pollwise reads by itself; a stateField function reads cancelled and executable', () => {
    const item = (more: object = {}) => ({
      _class: 'hudson.model.Queue$WaitingItem',
      actions: [],
      blocked: false,
      buildable: false,
      id: 42,
      inQueueSince: 1704067200000,
      params: '',
      stuck: false,
      task: { name: 'api', url: 'https://jenkins.example.com/job/api/' },
      url: 'queue/item/42/',
      why: 'In the quiet period. Expires in 4.9 sec',
      timestamp: 1704067205000,
      ...more,
    })
    expect(createReading().observe(response(item()))).toBeUndefined()
    type Item = { cancelled?: boolean; executable?: { url: string } | null }
    const parts: ConventionParts = {
      stateField: (body) => {
        const { cancelled, executable } = body as Item
        if (cancelled) return 'canceled'
        return executable ? 'succeeded' : 'pending'
      },
      locateResult: (body) => (body as Item).executable?.url,
    }
    expect(read(item(), parts)).toStrictEqual(pending)
    const left = item({
      _class: 'hudson.model.Queue$LeftItem',
      cancelled: false,
      executable: {
        _class: 'hudson.model.FreeStyleBuild',
        number: 7,
        url: 'https://jenkins.example.com/job/api/7/',
      },
    })
    expect(read(left, parts)).toStrictEqual({ link: 'https://jenkins.example.com/job/api/7/' })
    expect(read(item({ cancelled: true, executable: null }), parts)).toStrictEqual(canceled)
  })

  it('Heroku releases: pending with its output_stream_url; succeeded; failed', () => {
    const release = (status: string) => ({
      addon_plan_names: ['heroku-postgresql:dev'],
      app: { id: '01234567-89ab-cdef-0123-456789abcdef', name: 'example' },
      created_at: '2024-01-01T00:00:00Z',
      description: 'Deploy 5ac3c6c',
      status,
      id: '01234567-89ab-cdef-0123-456789abcdee',
      slug: { id: '01234567-89ab-cdef-0123-456789abcded' },
      updated_at: '2024-01-01T00:00:10Z',
      user: { email: 'dev@example.com', id: '01234567-89ab-cdef-0123-456789abcdec' },
      version: 11,
      current: status === 'succeeded',
      output_stream_url: 'https://busl.heroku.com/streams/release-11',
    })
    expect(read(release('pending'))).toStrictEqual(pending)
    // The release phase's log stream is no result: the release is.
    expect(read(release('succeeded'))).toStrictEqual({ inline: release('succeeded') })
    expect(read(release('failed'))).toMatchObject({ state: 'failed' })
  })

  it('Cloudflare Pages deployments: latest_stage is no status field; a stateField function reads its name and status', () => {
    const deployment = (name: string, status: string) => ({
      success: true,
      errors: [],
      messages: [],
      result: {
        id: 'f64788e9-fccd-4d4a-a28a-cb84f88f6e1a',
        short_id: 'f64788e9',
        project_name: 'site',
        environment: 'production',
        url: 'https://f64788e9.site.pages.dev',
        latest_stage: { name, started_on: '2024-01-01T00:00:00Z', status },
        stages: [
          { name: 'queued', status: 'success' },
          { name: 'initialize', status: 'success' },
          { name: 'clone_repo', status: name === 'clone_repo' ? status : 'success' },
          { name: 'build', status: name === 'build' ? status : 'idle' },
          { name: 'deploy', status: name === 'deploy' ? status : 'idle' },
        ],
      },
    })
    expect(createReading().observe(response(deployment('build', 'active')))).toBeUndefined()
    type Deployment = { result: { latest_stage: { name: string; status: string } } }
    const parts: ConventionParts = {
      stateField: (body) => {
        const { name, status } = (body as Deployment).result.latest_stage
        if (status === 'failure') return 'failed'
        if (status === 'canceled') return 'canceled'
        return name === 'deploy' && status === 'success' ? 'succeeded' : 'pending'
      },
      resultField: 'result',
    }
    // A stage that succeeded before the deploy is not the deployment done.
    expect(read(deployment('build', 'success'), parts)).toStrictEqual(pending)
    expect(read(deployment('build', 'active'), parts)).toStrictEqual(pending)
    const done = deployment('deploy', 'success')
    expect(read(done, parts)).toStrictEqual({ inline: done.result })
    expect(read(deployment('build', 'failure'), parts)).toMatchObject({ state: 'failed' })
    expect(read(deployment('clone_repo', 'canceled'), parts)).toStrictEqual(canceled)
  })

  it('Harness pipeline executions: the answer’s SUCCESS beside the running pipeline; Success; Failed with its failureInfo; Aborted; IgnoreFailed is named', () => {
    const execution = (status: string, more: object = {}) => ({
      status: 'SUCCESS',
      data: {
        pipelineExecutionSummary: {
          pipelineIdentifier: 'deploy_api',
          orgIdentifier: 'default',
          projectIdentifier: 'acme',
          planExecutionId: 'kP2kq7W0QBu1Y3sPHf7mcw',
          name: 'deploy api',
          status,
          startTs: 1704067200000,
          failureInfo: { message: '', failureTypeList: [], responseMessages: [] },
          ...more,
        },
      },
      metaData: null,
      correlationId: '4d7f6ad0-0000-4000-8000-000000000007',
    })
    // The answer's SUCCESS says the request went well, not that the pipeline ended.
    for (const status of ['NotStarted', 'Queued', 'Running', 'AsyncWaiting', 'ApprovalWaiting']) {
      expect(read(execution(status))).toStrictEqual(pending)
    }
    expect(read(execution('InterventionWaiting'))).toStrictEqual(pending)
    const done = execution('Success', { endTs: 1704067500000 })
    expect(read(done)).toStrictEqual({ inline: done.data })
    const failureInfo = {
      message: 'Deployment failed: rollout did not reach a steady state',
      failureTypeList: ['APPLICATION_ERROR'],
      responseMessages: [],
    }
    expect(read(execution('Failed', { failureInfo }))).toStrictEqual(failed(failureInfo))
    expect(read(execution('Expired'))).toMatchObject({ state: 'failed' })
    expect(read(execution('Aborted'))).toStrictEqual(canceled)
    // A failure its strategy ignored: the pipeline went on. Never failed, nor succeeded, by guess.
    expect(refusal(execution('IgnoreFailed'))).toContain('Unknown status word "IgnoreFailed"')
    expect(refusal(execution('ApprovalRejected'))).toContain(
      'Unknown status word "ApprovalRejected"',
    )
  })

  it('Deno Deploy deployments: status pending; success; failed', () => {
    const deployment = (status: string) => ({
      id: 'k4xjvp0tb7mb',
      projectId: '5c4c5eaa-0000-4000-8000-000000000005',
      description: 'deploy 42',
      status,
      domains: ['api-k4xjvp0tb7mb.deno.dev'],
      databases: { default: '5c4c5eaa-0000-4000-8000-000000000006' },
      createdAt: '2024-01-01T00:00:00Z',
      updatedAt: '2024-01-01T00:00:10Z',
    })
    expect(read(deployment('pending'))).toStrictEqual(pending)
    expect(read(deployment('success'))).toStrictEqual({ inline: deployment('success') })
    expect(read(deployment('failed'))).toMatchObject({ state: 'failed' })
  })
})

describe('an eighth pass: app builds, test runs and code hosts', () => {
  it('App Store Connect builds: JSON:API attributes.processingState PROCESSING; VALID needs classifyStatus; INVALID, FAILED fail', () => {
    const build = (processingState: string) => ({
      data: {
        type: 'builds',
        id: '8d1a1f6e-0000-4000-8000-000000000001',
        attributes: {
          version: '42',
          uploadedDate: '2024-01-01T00:00:00-08:00',
          expirationDate: '2024-04-01T00:00:00-08:00',
          expired: false,
          minOsVersion: '16.0',
          processingState,
          buildAudienceType: 'APP_STORE_ELIGIBLE',
          usesNonExemptEncryption: false,
        },
        links: { self: 'https://api.appstoreconnect.apple.com/v1/builds/8d1a1f6e' },
      },
      links: { self: 'https://api.appstoreconnect.apple.com/v1/builds/8d1a1f6e' },
    })
    expect(read(build('PROCESSING'))).toStrictEqual(pending)
    // VALID is no word of an ended operation: a build may be valid and still wait for review.
    expect(refusal(build('VALID'))).toContain('Unknown status word "VALID"')
    const parts: ConventionParts = {
      classifyStatus: (word) => (word === 'VALID' ? 'succeeded' : undefined),
    }
    expect(read(build('VALID'), parts)).toStrictEqual({ inline: build('VALID').data })
    expect(read(build('INVALID'))).toMatchObject({ state: 'failed' })
    expect(read(build('FAILED'))).toMatchObject({ state: 'failed' })
  })

  it('Apple notary submissions: In Progress runs; Accepted stays pending until classifyStatus names it; Invalid, Rejected fail', () => {
    const submission = (status: string) => ({
      data: {
        attributes: { createdDate: '2024-01-01T00:00:00.000Z', name: 'App.zip', status },
        id: '2efe2717-52ef-43a5-96dc-0797e4ca1041',
        type: 'submissions',
      },
      meta: {},
    })
    expect(read(submission('In Progress'))).toStrictEqual(pending)
    // Accepted is the notarization passed, but in the table a request received: never a guess.
    expect(read(submission('Accepted'))).toStrictEqual(pending)
    const parts: ConventionParts = {
      classifyStatus: (word) => (word === 'Accepted' ? 'succeeded' : undefined),
    }
    expect(read(submission('Accepted'), parts)).toStrictEqual({
      inline: submission('Accepted').data,
    })
    expect(read(submission('Invalid'))).toMatchObject({ state: 'failed' })
    expect(read(submission('Rejected'))).toMatchObject({ state: 'failed' })
  })

  it('Expo EAS builds: the GraphQL build two objects down, named by stateField; PENDING_CANCEL runs; ERRORED with its error', () => {
    const build = (status: string, more: object = {}) => ({
      data: {
        builds: {
          byId: {
            id: '0f3a2f5c-0000-4000-8000-000000000002',
            platform: 'IOS',
            status,
            artifacts: null,
            error: null,
            queuePosition: null,
            ...more,
          },
        },
      },
    })
    // Two objects down is no envelope pollwise reads by itself: the answer carries no state.
    expect(createReading().observe(response(build('IN_PROGRESS')))).toBeUndefined()
    const parts: ConventionParts = {
      stateField: 'data.builds.byId.status',
      locateResult: 'data.builds.byId.artifacts.buildUrl',
    }
    for (const status of ['NEW', 'IN_QUEUE', 'IN_PROGRESS', 'PENDING_CANCEL']) {
      expect(read(build(status), parts)).toStrictEqual(pending)
    }
    const buildUrl = 'https://expo.dev/artifacts/eas/abc.ipa'
    expect(read(build('FINISHED', { artifacts: { buildUrl } }), parts)).toStrictEqual({
      link: buildUrl,
    })
    const error = {
      errorCode: 'EAS_BUILD_UNKNOWN_FASTLANE_ERROR',
      message: 'The "Run fastlane" step failed with an unknown error.',
    }
    expect(read(build('ERRORED', { error }), parts)).toStrictEqual(failed(error))
    expect(read(build('CANCELED'), parts)).toStrictEqual(canceled)
  })

  it('Codemagic builds: the build beside its application; fetching, building, finishing run; finished; failed, timeout; warning is named', () => {
    const build = (status: string, more: object = {}) => ({
      application: { _id: '5d85eaa0e941e00019e81bc2', appName: 'acme-app' },
      build: {
        _id: '5fabc6414c483700143f4f92',
        appId: '5d85eaa0e941e00019e81bc2',
        workflowId: 'release',
        branch: 'main',
        status,
        buildActions: [{ name: 'Building iOS', status: 'success' }],
        artefacts: [],
        ...more,
      },
    })
    for (const status of [
      'queued',
      'preparing',
      'fetching',
      'building',
      'testing',
      'publishing',
      'finishing',
    ]) {
      expect(read(build(status))).toStrictEqual(pending)
    }
    // Nothing in the build names a result: the answer is the result, application and all.
    expect(read(build('finished'))).toStrictEqual({ inline: build('finished') })
    expect(read(build('failed', { message: 'Build failed :|' }))).toStrictEqual(
      failed('Build failed :|'),
    )
    expect(read(build('timeout'))).toMatchObject({ state: 'failed' })
    expect(read(build('canceled'))).toStrictEqual(canceled)
    // A build that ended with warnings is neither failed nor done by guess.
    expect(refusal(build('warning'))).toContain('Unknown status word "warning"')
  })

  it('AppVeyor builds: build.status queued, starting, running, cancelling; success; failed; cancelled', () => {
    const build = (status: string) => ({
      project: { projectId: 43, accountName: 'acme', name: 'api', slug: 'api' },
      build: {
        buildId: 136709,
        jobs: [{ jobId: '8w2s1g2l0ddx7n5n', status }],
        buildNumber: 45,
        version: '1.0.45',
        branch: 'master',
        status,
        started: '2024-01-01T00:00:00Z',
      },
    })
    for (const status of ['queued', 'starting', 'running', 'cancelling']) {
      expect(read(build(status))).toStrictEqual(pending)
    }
    expect(read(build('success'))).toStrictEqual({ inline: build('success') })
    expect(read(build('failed'))).toMatchObject({ state: 'failed' })
    expect(read(build('cancelled'))).toStrictEqual(canceled)
  })

  it('Bitrise builds: data.status is a number, status_text its word; no state by itself, a stateField reads the word', () => {
    const build = (status: number, status_text: string, more: object = {}) => ({
      data: {
        slug: '9fb8eaaa4bdd3763',
        status,
        status_text,
        is_on_hold: false,
        abort_reason: null,
        build_number: 42,
        triggered_workflow: 'primary',
        ...more,
      },
    })
    // The code is the API's own (0 running, 1 success, 2 failed, 3 aborted): never read by guess.
    expect(createReading().observe(response(build(0, 'in-progress')))).toBeUndefined()
    expect(createReading().observe(response(build(2, 'error')))).toBeUndefined()
    const parts: ConventionParts = { stateField: 'data.status_text' }
    expect(read(build(0, 'in-progress'), parts)).toStrictEqual(pending)
    expect(read(build(1, 'success'), parts)).toStrictEqual({ inline: build(1, 'success').data })
    expect(read(build(2, 'error'), parts)).toMatchObject({ state: 'failed' })
    expect(read(build(3, 'aborted', { abort_reason: 'User aborted' }), parts)).toStrictEqual(
      canceled,
    )
  })

  it('Firebase Test Lab test matrices: VALIDATING, PENDING, RUNNING; FINISHED with outcomeSummary; ERROR; INVALID', () => {
    const matrix = (state: string, more: object = {}) => ({
      testMatrixId: 'matrix-1x2y3z',
      projectId: 'acme',
      state,
      timestamp: '2024-01-01T00:00:00Z',
      testExecutions: [{ id: '1', state, matrixId: 'matrix-1x2y3z' }],
      resultStorage: { googleCloudStorage: { gcsPath: 'gs://acme-test-results/run-1' } },
      ...more,
    })
    for (const state of ['VALIDATING', 'PENDING', 'RUNNING']) {
      expect(read(matrix(state))).toStrictEqual(pending)
    }
    const passed = matrix('FINISHED', { outcomeSummary: 'SUCCESS' })
    expect(read(passed)).toStrictEqual({ inline: passed })
    // FINISHED says the matrix ended; its outcomeSummary says how its tests went.
    expect(read(matrix('FINISHED', { outcomeSummary: 'FAILURE' }))).toMatchObject({
      state: 'failed',
    })
    expect(read(matrix('FINISHED', { outcomeSummary: 'SKIPPED' }))).toStrictEqual(canceled)
    expect(refusal(matrix('FINISHED', { outcomeSummary: 'INCONCLUSIVE' }))).toContain(
      'Unknown status word "INCONCLUSIVE"',
    )
    expect(read(matrix('ERROR'))).toMatchObject({ state: 'failed' })
    expect(read(matrix('INVALID', { invalidMatrixDetails: 'NO_SIGNATURE' }))).toMatchObject({
      state: 'failed',
    })
  })

  it('Sauce Labs jobs: in progress; complete with passed true; complete with passed false fails; error', () => {
    const job = (status: string, more: object = {}) => ({
      id: '6c3f2a5f3f2e4a0f9b8e5b1c0d1e2f3a',
      owner: 'acme',
      browser: 'chrome',
      os: 'Windows 11',
      name: 'checkout flow',
      status,
      passed: null,
      error: null,
      consolidated_status: status,
      commands_not_successful: 0,
      ...more,
    })
    expect(read(job('in progress'))).toStrictEqual(pending)
    const pass = job('complete', { passed: true, consolidated_status: 'passed' })
    expect(read(pass)).toStrictEqual({ inline: pass })
    // The test session completed; `passed` false says the test failed.
    expect(read(job('complete', { passed: false, consolidated_status: 'failed' }))).toMatchObject({
      state: 'failed',
    })
    expect(
      read(job('error', { error: 'Test did not see a new command for 90 seconds' })),
    ).toStrictEqual(failed('Test did not see a new command for 90 seconds'))
  })

  it('Percy builds: JSON:API attributes.state pending, processing; finished with its review-state; failed with its failure-reason', () => {
    const build = (state: string, more: object = {}) => ({
      data: {
        type: 'builds',
        id: '123',
        attributes: {
          branch: 'main',
          'build-number': 7,
          'web-url': 'https://percy.io/acme/web/builds/123',
          state,
          'review-state': null,
          'review-state-reason': null,
          'total-comparisons': 10,
          'total-comparisons-finished': 4,
          'failure-reason': null,
          ...more,
        },
      },
    })
    expect(read(build('pending'))).toStrictEqual(pending)
    expect(read(build('processing'))).toStrictEqual(pending)
    const done = build('finished', { 'review-state': 'unreviewed' })
    expect(read(done)).toStrictEqual({ inline: done.data })
    expect(read(build('failed', { 'failure-reason': 'render_timeout' }))).toStrictEqual(
      failed('render_timeout'),
    )
    expect(read(build('expired'))).toMatchObject({ state: 'failed' })
  })

  it('GitHub Pages builds: queued, building; built is refused until classifyStatus names it; errored with its error', () => {
    const build = (status: string, message: string | null = null) => ({
      url: 'https://api.github.com/repos/octocat/site/pages/builds/5472601',
      status,
      error: { message },
      pusher: { login: 'octocat', id: 1 },
      commit: '351391cdcb88ffae71ec3028c91f375a8036a26b',
      duration: 2104,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:35Z',
    })
    expect(read(build('queued'))).toStrictEqual(pending)
    expect(read(build('building'))).toStrictEqual(pending)
    // `built` is a stage's word in many pipelines (built, then deployed): named, never guessed.
    expect(refusal(build('built'))).toContain('Unknown status word "built"')
    const parts: ConventionParts = {
      classifyStatus: (word) => (word === 'built' ? 'succeeded' : undefined),
    }
    // Polled at /pages/builds/latest, the build's own url is fetched: the same build, by its id.
    expect(read(build('built'), parts)).toStrictEqual({ link: build('built').url })
    expect(read(build('errored', 'Page build failed.'))).toStrictEqual(
      failed({ message: 'Page build failed.' }),
    )
  })

  it('GitHub Pages deployments: the stages of a deployment run; succeed; failed, content and attempt errors; cancelled; lost is named', () => {
    const status = (word: string) => ({ status: word })
    for (const word of [
      'deployment_queued',
      'deployment_in_progress',
      'getting_signed_artifact_url',
      'syncing_files',
      'finished_file_sync',
      'updating_pages',
      'purging_cdn',
    ]) {
      expect(read(status(word)), word).toStrictEqual(pending)
    }
    expect(read(status('succeed'))).toStrictEqual({ inline: status('succeed') })
    for (const word of [
      'deployment_failed',
      'deployment_content_failed',
      'deployment_attempt_error',
      'deployment_perms_error',
    ]) {
      expect(read(status(word)), word).toMatchObject({ state: 'failed' })
    }
    expect(read(status('deployment_cancelled'))).toStrictEqual(canceled)
    expect(refusal(status('deployment_lost'))).toContain('Unknown status word "deployment_lost"')
  })

  it('GitLab project exports: export_status queued, started, regeneration_in_progress; finished with its _links; none is named', () => {
    const project = (export_status: string, more: object = {}) => ({
      id: 1,
      description: 'Itaque perspiciatis minima aspernatur corporis consequatur.',
      name: 'Gitlab Test',
      name_with_namespace: 'Gitlab Org / Gitlab Test',
      path: 'gitlab-test',
      path_with_namespace: 'gitlab-org/gitlab-test',
      created_at: '2017-08-29T04:36:44.383Z',
      export_status,
      ...more,
    })
    for (const word of ['queued', 'started', 'regeneration_in_progress']) {
      expect(read(project(word))).toStrictEqual(pending)
    }
    const _links = {
      api_url: 'https://gitlab.example.com/api/v4/projects/1/export/download',
      web_url: 'https://gitlab.example.com/gitlab-org/gitlab-test/download_export',
    }
    // With zero configuration the project is the result, its download link kept in it.
    expect(read(project('finished', { _links }))).toStrictEqual({
      inline: project('finished', { _links }),
    })
    expect(read(project('finished', { _links }), { locateResult: '_links.api_url' })).toStrictEqual(
      {
        link: _links.api_url,
      },
    )
    expect(refusal(project('none'))).toContain('Unknown status word "none"')
  })
})

describe('an eighth pass: platforms, clouds and their deploys', () => {
  it('Heroku app setups: pending with its build; succeeded; failed with its failure_message', () => {
    const setup = (status: string, more: object = {}) => ({
      id: '01234567-89ab-cdef-0123-456789abcdef',
      app: { id: '01234567-89ab-cdef-0123-456789abcdee', name: 'example' },
      build: {
        id: '01234567-89ab-cdef-0123-456789abcded',
        status: status === 'succeeded' ? 'succeeded' : 'pending',
        output_stream_url: 'https://build-output.heroku.com/streams/01234567',
      },
      created_at: '2024-01-01T00:00:00Z',
      failure_message: null,
      manifest_errors: [],
      postdeploy: null,
      resolved_success_url: null,
      status,
      updated_at: '2024-01-01T00:00:10Z',
      ...more,
    })
    expect(read(setup('pending'))).toStrictEqual(pending)
    expect(read(setup('succeeded'))).toStrictEqual({ inline: setup('succeeded') })
    const broken = setup('failed', { failure_message: 'invalid app.json' })
    expect(read(broken)).toStrictEqual(failed('invalid app.json'))
  })

  it('DigitalOcean App Platform deployments: PENDING_BUILD, BUILDING, DEPLOYING; ACTIVE stays pending until named; ERROR; CANCELED', () => {
    const deployment = (phase: string, more: object = {}) => ({
      deployment: {
        id: 'b6bdf840-2854-4f87-a36c-5f231c617c84',
        spec: { name: 'sample-golang' },
        cause: 'commit 9a4df0b pushed to github/digitalocean/sample-golang',
        phase,
        progress: { success_steps: 2, total_steps: 6, pending_steps: 4, error_steps: 0 },
        created_at: '2024-01-01T00:00:00Z',
        ...more,
      },
    })
    for (const phase of ['PENDING_BUILD', 'BUILDING', 'PENDING_DEPLOY', 'DEPLOYING']) {
      expect(read(deployment(phase))).toStrictEqual(pending)
    }
    // ACTIVE is the deployment live, but in the table a job at work: named, never guessed.
    expect(read(deployment('ACTIVE'))).toStrictEqual(pending)
    const parts: ConventionParts = {
      classifyStatus: (word) => (word === 'ACTIVE' ? 'succeeded' : undefined),
    }
    expect(read(deployment('ACTIVE'), parts)).toStrictEqual({ inline: deployment('ACTIVE') })
    expect(refusal(deployment('SUPERSEDED'))).toContain('Unknown status word "SUPERSEDED"')
    // Its `cause` is what started it, and its progress counts the steps that failed: neither says
    // why. The steps' reasons are named with a failureField function.
    const step = {
      name: 'build',
      status: 'ERROR',
      reason: { code: 'BuildJobFailed', message: 'npm ci exited 1' },
    }
    const broken = deployment('ERROR', {
      progress: { success_steps: 1, error_steps: 1, total_steps: 6, steps: [step] },
    })
    expect(read(broken)).toStrictEqual(failed(undefined))
    type Steps = { deployment: { progress: { steps: { status: string; reason?: unknown }[] } } }
    const failureField = (body: unknown) =>
      (body as Steps).deployment.progress.steps.find((s) => s.status === 'ERROR')?.reason
    expect(read(broken, { failureField })).toStrictEqual(failed(step.reason))
    expect(read(deployment('CANCELED'))).toStrictEqual(canceled)
  })

  it('Scaleway tasks: pending, started with progress; success with its href_result fetched; failure; retry is named', () => {
    const task = (status: string, progress: number) => ({
      task: {
        id: 'a0e5ddad-8f0d-4b3a-9a6b-9f9d5b7c1a2e',
        description: 'server_poweron',
        status,
        href_from: '/servers/741db378-6b87-46d4-a8c5-4e46a09ab1f8/action',
        href_result: '/servers/741db378-6b87-46d4-a8c5-4e46a09ab1f8',
        progress,
        started_at: '2024-01-01T00:00:00Z',
        terminated_at: status === 'success' || status === 'failure' ? '2024-01-01T00:01:00Z' : null,
      },
    })
    expect(createReading().observe(response(task('pending', 0)))).toMatchObject(pending)
    expect(createReading().observe(response(task('started', 50)))).toStrictEqual({
      state: 'pending',
      progress: { value: 50, scale: 'unknown' },
    })
    // href_result links the server the action acted on (href_from, the action, is the input).
    expect(read(task('success', 100))).toStrictEqual({
      link: 'https://api.example.com/servers/741db378-6b87-46d4-a8c5-4e46a09ab1f8',
    })
    expect(read(task('failure', 100))).toMatchObject({ state: 'failed' })
    expect(refusal(task('retry', 0))).toContain('Unknown status word "retry"')
  })

  it('OVHcloud tasks: init and todo are named; doing runs; done; customerError, ovhError fail; cancelled', () => {
    const task = (status: string, comment: string | null = null) => ({
      taskId: 123456,
      function: 'hardReboot',
      status,
      comment,
      startDate: '2024-01-01T00:00:00+01:00',
      doneDate: status === 'done' ? '2024-01-01T00:03:00+01:00' : null,
      lastUpdate: '2024-01-01T00:01:00+01:00',
    })
    expect(refusal(task('init'))).toContain('Unknown status word "init"')
    expect(refusal(task('todo'))).toContain('Unknown status word "todo"')
    const parts: ConventionParts = {
      classifyStatus: (word) => (word === 'init' || word === 'todo' ? 'pending' : undefined),
    }
    expect(read(task('init'), parts)).toStrictEqual(pending)
    expect(read(task('todo'), parts)).toStrictEqual(pending)
    expect(read(task('doing'))).toStrictEqual(pending)
    expect(read(task('done'))).toStrictEqual({ inline: task('done') })
    // The reason is in `comment`, a name no rule reads: failureField names it.
    expect(read(task('customerError', 'Server is not reachable'))).toStrictEqual(failed(undefined))
    expect(
      read(task('customerError', 'Server is not reachable'), { failureField: 'comment' }),
    ).toStrictEqual(failed('Server is not reachable'))
    expect(read(task('ovhError'))).toMatchObject({ state: 'failed' })
    expect(read(task('cancelled'))).toStrictEqual(canceled)
  })

  it('Akamai Property Manager activations: the activation is the first of activations.items, named by stateField', () => {
    const activation = (status: string) => ({
      accountId: 'act_1-1TJZFB',
      contractId: 'ctr_1-1TJZH5',
      groupId: 'grp_15225',
      activations: {
        items: [
          {
            activationId: 'atv_1696985',
            propertyName: 'example.com',
            propertyId: 'prp_173136',
            propertyVersion: 1,
            network: 'STAGING',
            activationType: 'ACTIVATE',
            status,
            submitDate: '2024-01-01T00:00:00Z',
            updateDate: '2024-01-01T00:05:00Z',
          },
        ],
      },
    })
    // A list of activations is no state pollwise reads by itself.
    expect(createReading().observe(response(activation('PENDING')))).toBeUndefined()
    const parts: ConventionParts = {
      stateField: 'activations.items.0.status',
      classifyStatus: (word) =>
        /^ZONE_\d$/.test(word) ? 'pending' : word === 'ACTIVE' ? 'succeeded' : undefined,
    }
    for (const status of ['NEW', 'PENDING', 'ZONE_1', 'ZONE_2', 'ZONE_3']) {
      expect(read(activation(status), parts)).toStrictEqual(pending)
    }
    expect(read(activation('ACTIVE'), parts)).toStrictEqual({ inline: activation('ACTIVE') })
    expect(read(activation('FAILED'), parts)).toMatchObject({ state: 'failed' })
    expect(read(activation('ABORTED'), parts)).toStrictEqual(canceled)
  })

  it('Kudu deployments (App Service, Functions zipdeploy): a numeric status beside complete is refused; a stateField function reads the codes', () => {
    const deployment = (status: number, complete: boolean, status_text = '') => ({
      id: 'c5e6a8f1d3c94e9b8e1f2a3b4c5d6e7f',
      status,
      status_text,
      author_email: 'N/A',
      author: 'N/A',
      deployer: 'Push-Deployer',
      message: 'Created via a push deployment',
      progress: '',
      received_time: '2024-01-01T00:00:00Z',
      start_time: '2024-01-01T00:00:01Z',
      end_time: complete ? '2024-01-01T00:01:00Z' : null,
      last_success_end_time: null,
      complete,
      active: status === 4,
      is_temp: false,
      is_readonly: true,
      url: 'https://example.scm.azurewebsites.net/api/deployments/c5e6a8f1',
      log_url: 'https://example.scm.azurewebsites.net/api/deployments/c5e6a8f1/log',
      site_name: 'example',
    })
    // 3 is failed, 4 succeeded: codes of Kudu's own. `complete: true` alone says nothing of how.
    expect(refusal(deployment(1, false))).toContain('Status field `status` is 1, not a status word')
    expect(refusal(deployment(3, true))).toContain('Status field `status` is 3, not a status word')
    const parts: ConventionParts = {
      stateField: (body) => {
        const { status } = body as { status: number }
        return status === 4 ? 'succeeded' : status === 3 ? 'failed' : 'pending'
      },
      locateResult: () => undefined,
      failureField: 'log_url',
    }
    expect(read(deployment(1, false, 'Building and Deploying'), parts)).toStrictEqual(pending)
    expect(read(deployment(4, true), parts)).toMatchObject({ link: deployment(4, true).url })
    expect(read(deployment(3, true), parts)).toStrictEqual(failed(deployment(3, true).log_url))
  })
})

describe('an eighth pass: Azure, AWS and data pipelines', () => {
  it('Azure Logic Apps runs: properties.status Running, Waiting; Succeeded with its outputs; Failed with its error; Cancelled', () => {
    const run = (status: string, more: object = {}) => ({
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Logic/workflows/wf/runs/08585',
      name: '08585',
      type: 'Microsoft.Logic/workflows/runs',
      properties: {
        waitEndTime: '2024-01-01T00:00:00Z',
        startTime: '2024-01-01T00:00:00Z',
        status,
        correlation: { clientTrackingId: '08585' },
        workflow: { name: '08585a', type: 'Microsoft.Logic/workflows/versions' },
        trigger: { name: 'manual', status: 'Succeeded', code: 'OK' },
        ...more,
      },
    })
    // The trigger that succeeded is a part of the run, not the run.
    expect(read(run('Running'))).toStrictEqual(pending)
    expect(read(run('Waiting'))).toStrictEqual(pending)
    const outputs = { result: { type: 'String', value: 'ok' } }
    expect(read(run('Succeeded', { endTime: '2024-01-01T00:00:09Z', outputs }))).toStrictEqual({
      inline: outputs,
    })
    const error = {
      code: 'ActionFailed',
      message: 'An action failed. No dependent actions succeeded.',
    }
    expect(read(run('Failed', { error }))).toStrictEqual(failed(error))
    expect(read(run('TimedOut'))).toMatchObject({ state: 'failed' })
    expect(read(run('Cancelled'))).toStrictEqual(canceled)
  })

  it('Azure Media Services jobs: properties.state Queued, Scheduled, Processing, Canceling; Finished; Error; Canceled', () => {
    const job = (state: string, outputError: object | null = null) => ({
      name: 'job1',
      id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Media/mediaservices/ams/transforms/t/jobs/job1',
      type: 'Microsoft.Media/mediaservices/transforms/jobs',
      properties: {
        created: '2024-01-01T00:00:00Z',
        state,
        input: { '@odata.type': '#Microsoft.Media.JobInputAsset', assetName: 'input1' },
        lastModified: '2024-01-01T00:00:05Z',
        outputs: [
          {
            '@odata.type': '#Microsoft.Media.JobOutputAsset',
            assetName: 'output1',
            error: outputError,
            label: 'encoded',
            progress: state === 'Finished' ? 100 : 40,
            state,
          },
        ],
        priority: 'Normal',
      },
    })
    for (const state of ['Queued', 'Scheduled', 'Processing', 'Canceling']) {
      expect(read(job(state))).toStrictEqual(pending)
    }
    // The job's outputs, the assets it wrote, are its result.
    expect(read(job('Finished'))).toStrictEqual({ inline: job('Finished').properties.outputs })
    // The failure is in the output's `error`, inside an array no rule reads: failureField names it.
    const error = { code: 'ContentMalformed', message: 'The input file is malformed.' }
    expect(read(job('Error', error))).toStrictEqual(failed(undefined))
    expect(read(job('Error', error), { failureField: 'properties.outputs.0.error' })).toStrictEqual(
      failed(error),
    )
    expect(read(job('Canceled'))).toStrictEqual(canceled)
  })

  it('Azure Data Explorer .show operations: a table of rows, no state by itself; a stateField function reads its State column', () => {
    const table = (state: string, status = '') => ({
      Tables: [
        {
          TableName: 'Table_0',
          Columns: [
            { ColumnName: 'OperationId', DataType: 'Guid', ColumnType: 'guid' },
            { ColumnName: 'Operation', DataType: 'String', ColumnType: 'string' },
            { ColumnName: 'State', DataType: 'String', ColumnType: 'string' },
            { ColumnName: 'Status', DataType: 'String', ColumnType: 'string' },
          ],
          Rows: [['2f4f1a1e-0000-4000-8000-000000000001', 'DataIngestPull', state, status]],
        },
      ],
    })
    expect(createReading().observe(response(table('InProgress')))).toBeUndefined()
    type Table = { Tables: { Columns: { ColumnName: string }[]; Rows: string[][] }[] }
    const column = (body: unknown, name: string) => {
      const [first] = (body as Table).Tables
      return first?.Rows[0]?.[first.Columns.findIndex((c) => c.ColumnName === name)]
    }
    const parts: ConventionParts = {
      stateField: (body) => {
        const state = column(body, 'State')
        if (state === 'Completed') return 'succeeded'
        if (state === 'Failed' || state === 'BadInput' || state === 'Abandoned') return 'failed'
        if (state === 'Canceled') return 'canceled'
        return 'pending'
      },
      failureField: (body) => column(body, 'Status'),
    }
    expect(read(table('InProgress'), parts)).toStrictEqual(pending)
    expect(read(table('Scheduled'), parts)).toStrictEqual(pending)
    expect(read(table('Completed'), parts)).toMatchObject({ inline: { Tables: expect.any(Array) } })
    expect(read(table('Failed', 'Blob not found'), parts)).toStrictEqual(failed('Blob not found'))
    // PartiallySucceeded by itself is succeeded, in the table.
    expect(read({ State: 'PartiallySucceeded' })).toStrictEqual({
      inline: { State: 'PartiallySucceeded' },
    })
  })

  it('AWS SageMaker processing and transform jobs: InProgress, Stopping; Completed; Failed with its FailureReason; Stopped', () => {
    const processing = (ProcessingJobStatus: string, more: object = {}) => ({
      ProcessingJobName: 'preprocess-2024-01-01',
      ProcessingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:processing-job/preprocess',
      ProcessingJobStatus,
      ProcessingOutputConfig: {
        Outputs: [{ OutputName: 'train', S3Output: { S3Uri: 's3://acme/train' } }],
      },
      CreationTime: 1704067200,
      ...more,
    })
    expect(read(processing('InProgress'))).toStrictEqual(pending)
    expect(read(processing('Stopping'))).toStrictEqual(pending)
    expect(read(processing('Completed', { ExitMessage: 'ok' }))).toStrictEqual({
      inline: processing('Completed', { ExitMessage: 'ok' }),
    })
    expect(
      read(processing('Failed', { FailureReason: 'AlgorithmError: exit code 1' })),
    ).toStrictEqual(failed('AlgorithmError: exit code 1'))
    expect(read(processing('Stopped'))).toStrictEqual(canceled)
    const transform = (TransformJobStatus: string, more: object = {}) => ({
      TransformJobName: 'batch-2024-01-01',
      TransformJobStatus,
      TransformOutput: { S3OutputPath: 's3://acme/out' },
      ...more,
    })
    expect(read(transform('InProgress'))).toStrictEqual(pending)
    expect(read(transform('Completed'))).toStrictEqual({
      inline: { S3OutputPath: 's3://acme/out' },
    })
    expect(read(transform('Failed', { FailureReason: 'ClientError' }))).toStrictEqual(
      failed('ClientError'),
    )
  })

  it('AWS IoT jobs: job.status IN_PROGRESS, SCHEDULED, DELETION_IN_PROGRESS run; COMPLETED; CANCELED; an execution REMOVED is named', () => {
    const job = (status: string) => ({
      documentSource: 'https://s3.amazonaws.com/acme/job-document.json',
      job: {
        jobArn: 'arn:aws:iot:us-east-1:123456789012:job/firmware-42',
        jobId: 'firmware-42',
        targetSelection: 'SNAPSHOT',
        status,
        forceCanceled: false,
        comment: 'firmware 4.2',
        jobProcessDetails: {
          numberOfSucceededThings: 9,
          numberOfFailedThings: 1,
          numberOfInProgressThings: status === 'IN_PROGRESS' ? 2 : 0,
        },
      },
    })
    for (const status of ['SCHEDULED', 'IN_PROGRESS', 'DELETION_IN_PROGRESS']) {
      expect(read(job(status))).toStrictEqual(pending)
    }
    // COMPLETED is the job ended; how each thing went is the job's own account.
    expect(read(job('COMPLETED'))).toStrictEqual({ inline: job('COMPLETED') })
    expect(read(job('CANCELED'))).toStrictEqual(canceled)
    const execution = (status: string) => ({
      execution: {
        jobId: 'firmware-42',
        status,
        thingArn: 'arn:aws:iot:us-east-1:123456789012:thing/sensor-7',
        statusDetails: { detailsMap: { step: 'flash' } },
        executionNumber: 1,
      },
    })
    expect(read(execution('QUEUED'))).toStrictEqual(pending)
    expect(read(execution('IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(execution('SUCCEEDED'))).toMatchObject({ inline: expect.anything() })
    for (const status of ['FAILED', 'TIMED_OUT', 'REJECTED']) {
      expect(read(execution(status))).toMatchObject({ state: 'failed' })
    }
    expect(read(execution('CANCELED'))).toStrictEqual(canceled)
    expect(refusal(execution('REMOVED'))).toContain('Unknown status word "REMOVED"')
  })

  it('AWS Glue DataBrew job runs: STARTING, RUNNING, STOPPING; SUCCEEDED; FAILED with its ErrorMessage, TIMEOUT; STOPPED', () => {
    const run = (State: string, more: object = {}) => ({
      Attempt: 0,
      JobName: 'clean-orders',
      RunId: 'db_5f2a1b',
      State,
      LogSubscription: 'ENABLE',
      Outputs: [{ Format: 'CSV', Location: { Bucket: 'acme-clean', Key: 'orders/' } }],
      StartedOn: 1704067200,
      ...more,
    })
    for (const state of ['STARTING', 'RUNNING', 'STOPPING']) {
      expect(read(run(state))).toStrictEqual(pending)
    }
    expect(read(run('SUCCEEDED', { CompletedOn: 1704067500 }))).toMatchObject({
      inline: [{ Format: 'CSV', Location: { Bucket: 'acme-clean', Key: 'orders/' } }],
    })
    expect(read(run('FAILED', { ErrorMessage: 'Access denied to s3://acme-raw' }))).toStrictEqual(
      failed('Access denied to s3://acme-raw'),
    )
    expect(read(run('TIMEOUT'))).toMatchObject({ state: 'failed' })
    expect(read(run('STOPPED'))).toStrictEqual(canceled)
  })

  it('Fivetran connector syncs: the end is a timestamp only; never succeeded by guess, a stateField function compares it', () => {
    const triggeredAt = '2024-01-01T00:00:00.000Z'
    const connector = (
      sync_state: string,
      succeeded_at: string | null,
      failed_at: string | null,
    ) => ({
      code: 'Success',
      data: {
        id: 'speak_inexpensive',
        group_id: 'projected_sickle',
        service: 'postgres',
        schema: 'pg',
        paused: false,
        sync_frequency: 360,
        succeeded_at,
        failed_at,
        status: {
          setup_state: 'connected',
          sync_state,
          update_state: 'on_schedule',
          is_historical_sync: false,
          tasks: [],
          warnings: [],
        },
      },
    })
    expect(read(connector('syncing', '2023-12-31T18:00:00.000Z', null))).toStrictEqual(pending)
    // Back to `scheduled` once the sync ended: only the timestamps say it did, and how.
    expect(read(connector('scheduled', '2024-01-01T00:05:00.000Z', null))).toStrictEqual(pending)
    type Connector = { data: { succeeded_at: string | null; failed_at: string | null } }
    const sinceTrigger = (at: string | null) => at !== null && at > triggeredAt
    const parts: ConventionParts = {
      stateField: (body) => {
        const { succeeded_at, failed_at } = (body as Connector).data
        if (sinceTrigger(failed_at)) return 'failed'
        return sinceTrigger(succeeded_at) ? 'succeeded' : 'pending'
      },
    }
    expect(read(connector('syncing', '2023-12-31T18:00:00.000Z', null), parts)).toStrictEqual(
      pending,
    )
    const synced = connector('scheduled', '2024-01-01T00:05:00.000Z', null)
    expect(read(synced, parts)).toStrictEqual({ inline: synced.data })
    expect(
      read(connector('scheduled', '2023-12-31T18:00:00.000Z', '2024-01-01T00:05:00.000Z'), parts),
    ).toMatchObject({ state: 'failed' })
  })
})

describe('an eighth pass: localization, media, inference and payments', () => {
  it('Crowdin translation builds: data.status created, inProgress with progress; finished; failed; canceled', () => {
    const build = (status: string, progress: number) => ({
      data: {
        id: 2,
        projectId: 8,
        status,
        progress,
        attributes: { branchId: null, targetLanguageIds: ['uk'], skipUntranslatedStrings: false },
        createdAt: '2024-01-01T00:00:00+00:00',
        updatedAt: '2024-01-01T00:00:10+00:00',
        finishedAt: status === 'finished' ? '2024-01-01T00:00:20+00:00' : null,
      },
    })
    expect(createReading().observe(response(build('inProgress', 45)))).toStrictEqual({
      state: 'pending',
      progress: { value: 45, scale: 'unknown' },
    })
    expect(createReading().observe(response(build('created', 0)))).toMatchObject(pending)
    expect(read(build('finished', 100))).toStrictEqual({ inline: build('finished', 100).data })
    // The archive is at …/builds/{id}/download, which answers {"data": {"url": …}}.
    const parts: ConventionParts = {
      locateResult: '/projects/{data.projectId}/translations/builds/{data.id}/download',
    }
    expect(read(build('finished', 100), parts)).toStrictEqual({
      link: 'https://api.example.com/projects/8/translations/builds/2/download',
    })
    expect(read(build('failed', 40))).toMatchObject({ state: 'failed' })
    expect(read(build('canceled', 40))).toStrictEqual(canceled)
  })

  it('Lokalise async exports: process.status queued, running; finished with details.download_url; failed with its message; cancelled', () => {
    const process = (status: string, more: object = {}) => ({
      project_id: '20008339586cded200e0d8.29879849',
      process: {
        process_id: '2e0559e60e856555fbc15bdc7d4e0ef41a6a6d23',
        type: 'async-export',
        status,
        message: '',
        created_by: 1234,
        created_by_email: 'dev@example.com',
        created_at: '2024-01-01 00:00:00 (Etc/UTC)',
        created_at_timestamp: 1704067200,
        ...more,
      },
    })
    expect(read(process('queued'))).toStrictEqual(pending)
    expect(read(process('running'))).toStrictEqual(pending)
    const details = {
      file_size_kb: 1,
      total_number_of_keys: 4,
      download_url: 'https://lokalise-exports.s3.amazonaws.com/export.zip',
    }
    // The link is one object down, in `details`: named with locateResult.
    expect(
      read(process('finished', { details }), { locateResult: 'process.details.download_url' }),
    ).toStrictEqual({
      link: details.download_url,
    })
    expect(read(process('failed', { message: 'No keys to export' }))).toStrictEqual(
      failed('No keys to export'),
    )
    expect(read(process('cancelled'))).toStrictEqual(canceled)
  })

  it('Smartling job batches: the batch in response.data; ONGOING, EXECUTING run; COMPLETED; FAILED with its generalErrors', () => {
    const batch = (status: string, generalErrors: string | null = null) => ({
      response: {
        code: 'SUCCESS',
        data: {
          authorized: true,
          generalErrors,
          projectId: 'a1b2c3d4e',
          status,
          translationJobUid: 'jb7ra4kcqxbm',
          files: [{ fileUri: 'strings.json', status, errors: null, targetLocales: [] }],
        },
      },
    })
    expect(read(batch('ONGOING'))).toStrictEqual(pending)
    expect(read(batch('EXECUTING'))).toStrictEqual(pending)
    expect(read(batch('COMPLETED'))).toMatchObject({ inline: expect.anything() })
    expect(read(batch('FAILED', 'File strings.json could not be parsed'))).toStrictEqual(
      failed('File strings.json could not be parsed'),
    )
  })

  it('Transifex async downloads: JSON:API attributes.status pending, processing; failed with its errors', () => {
    const download = (status: string, errors: object[] = []) => ({
      data: {
        id: '4abfc726-6a27-4c33-9d99-e5254c8df748',
        type: 'resource_translations_async_downloads',
        attributes: {
          status,
          errors,
          date_created: '2024-01-01T00:00:00Z',
          date_modified: '2024-01-01T00:00:05Z',
        },
        links: {
          self: 'https://rest.api.transifex.com/resource_translations_async_downloads/4abfc726',
        },
      },
    })
    expect(read(download('pending'))).toStrictEqual(pending)
    expect(read(download('processing'))).toStrictEqual(pending)
    // Once it succeeds the status answers 303 See Other to the file (see api-shapes).
    const errors = [{ code: 'not_found', detail: 'Resource language not found' }]
    expect(read(download('failed', errors))).toStrictEqual(failed(errors))
  })

  it('DeepL document translation: queued, translating with seconds_remaining; done; error with its error_message', () => {
    const document = (status: string, more: object = {}) => ({
      document_id: '04DE5AD98A02647D83285A36021911C6',
      status,
      ...more,
    })
    expect(read(document('queued'))).toStrictEqual(pending)
    expect(read(document('translating', { seconds_remaining: 20 }))).toStrictEqual(pending)
    const done = document('done', { billed_characters: 1337 })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(document('error', { error_message: 'Source and target language are equal.' })),
    ).toStrictEqual(failed('Source and target language are equal.'))
  })

  it('Shotstack renders: response.status queued, fetching, rendering, saving; done with its url fetched; failed with its error', () => {
    const render = (status: string, more: object = {}) => ({
      success: true,
      message: 'OK',
      response: {
        id: 'd2b46ed6-998a-4d6b-9d91-b8cf0193a655',
        owner: '5ca6hu7s9k',
        plan: 'basic',
        status,
        error: '',
        duration: 8.5,
        billable: 9,
        renderTime: 9536.61,
        url: null,
        poster: null,
        thumbnail: null,
        created: '2024-01-01T00:00:00.000Z',
        updated: '2024-01-01T00:00:09.000Z',
        ...more,
      },
    })
    for (const status of ['queued', 'fetching', 'rendering', 'saving']) {
      expect(read(render(status))).toStrictEqual(pending)
    }
    // The video is on another host, a bare `url`: kept in the render, never fetched by guess.
    const url =
      'https://shotstack-api-v1-output.s3-ap-southeast-2.amazonaws.com/5ca6hu7s9k/d2b46ed6.mp4'
    // The render's `url` is the video it made, fetched.
    expect(read(render('done', { url }))).toStrictEqual({ link: url })
    expect(read(render('failed', { error: 'Asset could not be fetched' }))).toStrictEqual(
      failed('Asset could not be fetched'),
    )
  })

  it('RunPod serverless jobs: IN_QUEUE, IN_PROGRESS; COMPLETED with its output; FAILED with its error; CANCELLED, TIMED_OUT', () => {
    const job = (status: string, more: object = {}) => ({
      id: 'sync-8c7d7d4e-0000-4000-8000-000000000003',
      status,
      delayTime: 824,
      executionTime: 3391,
      ...more,
    })
    expect(read(job('IN_QUEUE'))).toStrictEqual(pending)
    expect(read(job('IN_PROGRESS'))).toStrictEqual(pending)
    const output = { image_url: 'data:image/png;base64,iVBOR' }
    expect(read(job('COMPLETED', { output }))).toStrictEqual({ inline: output })
    expect(read(job('FAILED', { error: 'CUDA out of memory' }))).toStrictEqual(
      failed('CUDA out of memory'),
    )
    expect(read(job('CANCELLED'))).toStrictEqual(canceled)
    expect(read(job('TIMED_OUT'))).toMatchObject({ state: 'failed' })
  })

  it('api.video video status: ingest uploading, uploaded; ingested is named; encoding.playable read by a stateField function', () => {
    const status = (ingest: string, playable: boolean, quality = 'encoding') => ({
      ingest: {
        status: ingest,
        filesize: 273579401,
        receivedBytes: [{ to: 134217727, from: 0, total: 273579401 }],
        receivedParts: { parts: [1], total: 2 },
      },
      encoding: {
        playable,
        qualities: [{ quality: '360p', status: quality, type: 'hls' }],
        metadata: { width: 424, height: 240, duration: 1000 },
      },
    })
    expect(read(status('uploading', false))).toStrictEqual(pending)
    expect(read(status('uploaded', false))).toStrictEqual(pending)
    expect(refusal(status('ingested', true, 'encoded'))).toContain('Unknown status word "ingested"')
    type VideoStatus = {
      ingest: { status: string }
      encoding: { playable: boolean; qualities: { status: string }[] }
    }
    const parts: ConventionParts = {
      stateField: (body) => {
        const { ingest, encoding } = body as VideoStatus
        if (encoding.qualities.some((q) => q.status === 'failed')) return 'failed'
        return ingest.status === 'ingested' && encoding.playable ? 'succeeded' : 'pending'
      },
    }
    expect(read(status('ingested', false), parts)).toStrictEqual(pending)
    expect(read(status('ingested', true, 'encoded'), parts)).toMatchObject({
      inline: { encoding: { playable: true } },
    })
    expect(read(status('ingested', false, 'failed'), parts)).toMatchObject({ state: 'failed' })
  })

  it('Wise transfers: incoming_payment_waiting, processing run; funds_converted and outgoing_payment_sent are named; cancelled; bounced_back is named', () => {
    const transfer = (status: string) => ({
      id: 16521632,
      user: 4342275,
      targetAccount: 8692237,
      sourceAccount: null,
      quoteUuid: 'c0fd6b2d-0000-4000-8000-000000000004',
      status,
      reference: 'invoice 42',
      rate: 1.1037,
      created: '2024-01-01 00:00:00',
      business: null,
      details: { reference: 'invoice 42' },
      hasActiveIssues: false,
      sourceCurrency: 'EUR',
      sourceValue: 100,
      targetCurrency: 'USD',
      targetValue: 110.37,
    })
    for (const status of ['incoming_payment_waiting', 'processing']) {
      expect(read(transfer(status)), status).toStrictEqual(pending)
    }
    expect(refusal(transfer('funds_converted'))).toContain('Unknown status word "funds_converted"')
    // `outgoing` says where the payment goes, no work going on: the word is unknown, never pending.
    expect(refusal(transfer('outgoing_payment_sent'))).toContain(
      'Unknown status word "outgoing_payment_sent"',
    )
    const parts: ConventionParts = {
      classifyStatus: (word) =>
        word === 'outgoing_payment_sent'
          ? 'succeeded'
          : word === 'funds_converted'
            ? 'pending'
            : undefined,
    }
    expect(read(transfer('funds_converted'), parts)).toStrictEqual(pending)
    expect(read(transfer('outgoing_payment_sent'), parts)).toStrictEqual({
      inline: transfer('outgoing_payment_sent'),
    })
    expect(read(transfer('cancelled'))).toStrictEqual(canceled)
    expect(refusal(transfer('bounced_back'))).toContain('Unknown status word "bounced_back"')
  })
})

describe('a ninth pass: AWS waiters’ words', () => {
  it('CloudFormation stacks: cleanup, review and import phases run; update and import rollbacks fail', () => {
    const stack = (StackStatus: string, more: object = {}) => ({
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/web/1',
      StackName: 'web',
      StackStatus,
      ...more,
    })
    for (const word of [
      'REVIEW_IN_PROGRESS',
      'UPDATE_IN_PROGRESS',
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_ROLLBACK_IN_PROGRESS',
      'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'IMPORT_IN_PROGRESS',
      'IMPORT_ROLLBACK_IN_PROGRESS',
    ]) {
      expect(read(stack(word)), word).toStrictEqual(pending)
    }
    const outputs = [{ OutputKey: 'Url', OutputValue: 'https://web.example.com' }]
    expect(read(stack('UPDATE_COMPLETE', { Outputs: outputs }))).toStrictEqual({ inline: outputs })
    expect(read(stack('IMPORT_COMPLETE'))).toStrictEqual({ inline: stack('IMPORT_COMPLETE') })
    const reason = 'Resource handler returned message: "Bucket already exists"'
    for (const word of [
      'UPDATE_ROLLBACK_COMPLETE',
      'IMPORT_ROLLBACK_COMPLETE',
      'UPDATE_ROLLBACK_FAILED',
      'ROLLBACK_FAILED',
      'DELETE_FAILED',
    ]) {
      expect(read(stack(word, { StackStatusReason: reason })), word).toStrictEqual(failed(reason))
    }
  })

  it('CloudFormation StackSet operations: QUEUED, RUNNING, STOPPING; SUCCEEDED; FAILED with its StatusReason; STOPPED', () => {
    const operation = (Status: string, more: object = {}) => ({
      StackSetOperation: {
        OperationId: 'op-1',
        StackSetId: 'web:1',
        Action: 'CREATE',
        Status,
        OperationPreferences: { FailureToleranceCount: 0, MaxConcurrentCount: 1 },
        ...more,
      },
    })
    for (const word of ['QUEUED', 'RUNNING', 'STOPPING']) {
      expect(read(operation(word))).toStrictEqual(pending)
    }
    expect(read(operation('SUCCEEDED'))).toStrictEqual({ inline: operation('SUCCEEDED') })
    // `FailureToleranceCount` is a setting of the operation, no account of its failure.
    expect(
      read(operation('FAILED', { StatusReason: 'Account 111 should have StackSetExecutionRole' })),
    ).toStrictEqual(failed('Account 111 should have StackSetExecutionRole'))
    expect(read(operation('STOPPED'))).toStrictEqual(canceled)
  })

  it('Step Functions DescribeExecution: PENDING_REDRIVE runs; the output string; TIMED_OUT fails with error and cause; ABORTED', () => {
    const execution = (status: string, more: object = {}) => ({
      executionArn: 'arn:aws:states:us-east-1:123456789012:execution:flow:e-1',
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:flow',
      name: 'e-1',
      status,
      startDate: 1.7e9,
      input: '{"order":42}',
      ...more,
    })
    expect(read(execution('RUNNING'))).toStrictEqual(pending)
    expect(read(execution('PENDING_REDRIVE'))).toStrictEqual(pending)
    expect(read(execution('SUCCEEDED', { output: '{"shipped":true}' }))).toStrictEqual({
      inline: '{"shipped":true}',
    })
    expect(
      read(execution('TIMED_OUT', { error: 'States.Timeout', cause: 'after 300 s' })),
    ).toStrictEqual(failed({ error: 'States.Timeout', cause: 'after 300 s' }))
    expect(read(execution('ABORTED'))).toStrictEqual(canceled)
  })

  it('Organizations CreateAccountStatus: IN_PROGRESS; SUCCEEDED with the AccountId; FAILED with its FailureReason', () => {
    const status = (State: string, more: object = {}) => ({
      CreateAccountStatus: {
        Id: 'car-examplecreateaccountrequestid111',
        AccountName: 'Production',
        State,
        RequestedTimestamp: 1.7e9,
        ...more,
      },
    })
    expect(read(status('IN_PROGRESS'))).toStrictEqual(pending)
    const done = status('SUCCEEDED', { AccountId: '444455556666' })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(status('FAILED', { FailureReason: 'EMAIL_ALREADY_EXISTS' }))).toStrictEqual(
      failed('EMAIL_ALREADY_EXISTS'),
    )
  })

  it('DynamoDB exports: ExportStatus IN_PROGRESS; COMPLETED; FAILED with its FailureCode and FailureMessage', () => {
    const exported = (ExportStatus: string, more: object = {}) => ({
      ExportDescription: {
        ExportArn: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders/export/01',
        ExportStatus,
        S3Bucket: 'exports',
        ExportFormat: 'DYNAMODB_JSON',
        ...more,
      },
    })
    expect(read(exported('IN_PROGRESS'))).toStrictEqual(pending)
    const done = exported('COMPLETED', { ExportManifest: 'AWSDynamoDB/01/manifest-summary.json' })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(exported('FAILED', { FailureCode: 'S3NoSuchBucket', FailureMessage: 'no bucket' })),
    ).toStrictEqual(failed({ FailureCode: 'S3NoSuchBucket', FailureMessage: 'no bucket' }))
  })

  it('Bedrock knowledge base ingestion jobs: STARTING, IN_PROGRESS, STOPPING; COMPLETE beside no failureReasons; FAILED with them; STOPPED', () => {
    const job = (status: string, failureReasons: string[] = []) => ({
      ingestionJob: {
        jobId: 'IJ1',
        knowledgeBaseId: 'KB1',
        dataSourceId: 'DS1',
        status,
        statistics: { numberOfDocumentsScanned: 12, numberOfDocumentsFailed: 0 },
        failureReasons,
      },
    })
    for (const word of ['STARTING', 'IN_PROGRESS', 'STOPPING']) {
      expect(read(job(word))).toStrictEqual(pending)
    }
    expect(read(job('COMPLETE'))).toStrictEqual({ inline: job('COMPLETE') })
    expect(read(job('FAILED', ['Access denied to s3://docs']))).toStrictEqual(
      failed(['Access denied to s3://docs']),
    )
    expect(read(job('STOPPED'))).toStrictEqual(canceled)
  })

  it('Bedrock async invoke: InProgress; Completed keeps its s3:// output in the body; Failed with its failureMessage', () => {
    const invocation = (status: string, more: object = {}) => ({
      invocationArn: 'arn:aws:bedrock:us-east-1:123456789012:async-invoke/abc',
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-reel-v1:0',
      status,
      outputDataConfig: { s3OutputDataConfig: { s3Uri: 's3://videos/abc' } },
      ...more,
    })
    expect(read(invocation('InProgress'))).toStrictEqual(pending)
    expect(read(invocation('Completed'))).toStrictEqual({ inline: invocation('Completed') })
    expect(read(invocation('Failed', { failureMessage: 'content filtered' }))).toStrictEqual(
      failed('content filtered'),
    )
  })

  it('EKS updates: InProgress; Successful beside no errors; Failed with its errors; Cancelled', () => {
    const update = (status: string, errors: object[] = []) => ({
      update: {
        id: 'b5f0ba18-9a87-4450-b5a0-825e6e84496f',
        status,
        type: 'VersionUpdate',
        params: [{ type: 'Version', value: '1.30' }],
        errors,
      },
    })
    expect(read(update('InProgress'))).toStrictEqual(pending)
    expect(read(update('Successful'))).toStrictEqual({ inline: update('Successful') })
    const errors = [{ errorCode: 'NodeCreationFailure', errorMessage: 'Instances failed to join' }]
    expect(read(update('Failed', errors))).toStrictEqual(failed(errors))
    expect(read(update('Cancelled'))).toStrictEqual(canceled)
  })

  it('Service Catalog records: CREATED, IN_PROGRESS; SUCCEEDED with its RecordOutputs; IN_PROGRESS_IN_ERROR and FAILED with the RecordErrors', () => {
    const record = (Status: string, RecordErrors: object[] = []) => ({
      RecordDetail: {
        RecordId: 'rec-1',
        ProvisionedProductName: 'web',
        RecordType: 'PROVISION_PRODUCT',
        Status,
        RecordErrors,
      },
      RecordOutputs: Status === 'SUCCEEDED' ? [{ OutputKey: 'Url', OutputValue: 'x' }] : [],
    })
    expect(read(record('CREATED'))).toStrictEqual(pending)
    expect(read(record('IN_PROGRESS'))).toStrictEqual(pending)
    expect(read(record('SUCCEEDED'))).toStrictEqual({
      inline: [{ OutputKey: 'Url', OutputValue: 'x' }],
    })
    // The request failed; what still runs is its remediation (a rollback): the outcome is known.
    const errors = [{ Code: 'CFN', Description: 'Template error: bad parameter' }]
    expect(read(record('IN_PROGRESS_IN_ERROR', errors))).toStrictEqual(failed(errors))
    expect(read(record('FAILED', errors))).toStrictEqual(failed(errors))
  })

  it('CloudFront invalidations: InProgress, then Completed', () => {
    const invalidation = (Status: string) => ({
      Invalidation: {
        Id: 'I2J0I21PCUYOIK',
        Status,
        CreateTime: '2024-01-01T00:00:00Z',
        InvalidationBatch: { Paths: { Quantity: 1, Items: ['/*'] }, CallerReference: 'r-1' },
      },
    })
    expect(read(invalidation('InProgress'))).toStrictEqual(pending)
    expect(read(invalidation('Completed'))).toStrictEqual({ inline: invalidation('Completed') })
  })

  it('Lambda function updates: State Active is the function, LastUpdateStatus the update, named by stateField', () => {
    const config = (LastUpdateStatus: string, more: object = {}) => ({
      FunctionName: 'resize',
      State: 'Active',
      LastUpdateStatus,
      ...more,
    })
    // Zero configuration reads `State`: an active function, still running as a word.
    expect(read(config('Successful'))).toStrictEqual(pending)
    const parts = { stateField: 'LastUpdateStatus' }
    expect(read(config('InProgress'), parts)).toStrictEqual(pending)
    expect(read(config('Successful'), parts)).toStrictEqual({ inline: config('Successful') })
    const failure = config('Failed', {
      LastUpdateStatusReason: 'The image manifest or layer media type is not supported.',
      LastUpdateStatusReasonCode: 'ImageAccessDenied',
    })
    expect(read(failure, parts)).toStrictEqual(
      failed('The image manifest or layer media type is not supported.'),
    )
  })

  it('Selling Partner API reports: IN_QUEUE, IN_PROGRESS; DONE with its reportDocumentId; FATAL fails; CANCELLED', () => {
    const report = (processingStatus: string, more: object = {}) => ({
      reportId: 'ID323',
      reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
      processingStatus,
      createdTime: '2024-03-11T13:47:20.677Z',
      ...more,
    })
    expect(read(report('IN_QUEUE'))).toStrictEqual(pending)
    expect(read(report('IN_PROGRESS'))).toStrictEqual(pending)
    const done = report('DONE', { reportDocumentId: 'DOC-b8b0-4226-b4b9-0ee058ea5760' })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(done, { locateResult: '/documents/{reportDocumentId}' }, 'https://sp.example.com/r/1'),
    ).toStrictEqual({ link: 'https://sp.example.com/documents/DOC-b8b0-4226-b4b9-0ee058ea5760' })
    // FATAL: stopped by a fatal error; the report it may name explains why.
    const fatal = report('FATAL', { reportDocumentId: 'DOC-err' })
    expect(read(fatal)).toMatchObject({ state: 'failed' })
    expect(read(report('CANCELLED'))).toStrictEqual(canceled)
  })
})

describe('a ninth pass: workflow engines', () => {
  it('Dataproc jobs: PENDING, SETUP_DONE, RUNNING, CANCEL_PENDING, CANCEL_STARTED run; DONE; ERROR with status.details; CANCELLED', () => {
    const job = (status: object) => ({
      reference: { projectId: 'acme', jobId: 'job-1' },
      placement: { clusterName: 'c1' },
      status: { stateStartTime: '2024-01-01T00:00:00Z', ...status },
      driverOutputResourceUri: 'gs://bucket/google-cloud-dataproc-metainfo/driveroutput',
      jobUuid: 'e7d2c1',
    })
    for (const state of ['PENDING', 'SETUP_DONE', 'RUNNING', 'CANCEL_PENDING', 'CANCEL_STARTED']) {
      expect(read(job({ state })), state).toStrictEqual(pending)
    }
    expect(read(job({ state: 'DONE' }))).toStrictEqual({ inline: job({ state: 'DONE' }) })
    expect(
      read(job({ state: 'ERROR', details: 'Job failed with message [Exit code 1]' })),
    ).toStrictEqual(failed('Job failed with message [Exit code 1]'))
    expect(read(job({ state: 'CANCELLED' }))).toStrictEqual(canceled)
  })

  it('Dagster GraphQL runs: runOrError under data; QUEUED, NOT_STARTED, STARTING, STARTED, CANCELING run; SUCCESS; FAILURE; CANCELED', () => {
    const run = (status: string) => ({
      data: { runOrError: { __typename: 'Run', id: 'r-1', runId: 'r-1', status } },
    })
    for (const word of ['QUEUED', 'NOT_STARTED', 'STARTING', 'STARTED', 'CANCELING']) {
      expect(read(run(word))).toStrictEqual(pending)
    }
    expect(read(run('SUCCESS'))).toStrictEqual({ inline: run('SUCCESS').data })
    expect(read(run('FAILURE'))).toMatchObject({ state: 'failed' })
    expect(read(run('CANCELED'))).toStrictEqual(canceled)
  })

  it('Kestra executions: the word in state.current; RESTARTED, KILLING run; SUCCESS; FAILED; KILLED; WARNING is named', () => {
    const execution = (current: string) => ({
      id: '4Zm5ZHXZbXlk9VWlkqCxd7',
      namespace: 'company.team',
      flowId: 'etl',
      state: {
        current,
        histories: [{ state: 'CREATED', date: '2024-01-01T00:00:00Z' }],
        startDate: '2024-01-01T00:00:00Z',
      },
    })
    for (const word of ['CREATED', 'QUEUED', 'RUNNING', 'PAUSED', 'RESTARTED', 'KILLING']) {
      expect(read(execution(word)), word).toStrictEqual(pending)
    }
    expect(read(execution('SUCCESS'))).toStrictEqual({ inline: execution('SUCCESS') })
    expect(read(execution('FAILED'))).toMatchObject({ state: 'failed' })
    expect(read(execution('KILLED'))).toStrictEqual(canceled)
    // Completed with warnings, in Kestra's words: no word pollwise reads by itself.
    expect(refusal(execution('WARNING'))).toContain('Status field `state`')
    const classifyStatus = (word: string) =>
      word === 'WARNING' ? ('succeeded' as const) : undefined
    expect(read(execution('WARNING'), { classifyStatus })).toStrictEqual({
      inline: execution('WARNING'),
    })
  })

  it('Conductor workflows: RUNNING, PAUSED; COMPLETED with its output; FAILED and TIMED_OUT with reasonForIncompletion; TERMINATED', () => {
    const workflow = (status: string, more: object = {}) => ({
      workflowId: '2a2b6f1c-8c2d-4d52-8f2b-1f4ad2e0e0a1',
      workflowName: 'order_fulfilment',
      workflowVersion: 1,
      status,
      input: { orderId: 42 },
      output: {},
      tasks: [{ taskType: 'SIMPLE', status: 'COMPLETED', referenceTaskName: 'ship' }],
      failedReferenceTaskNames: [],
      ...more,
    })
    expect(read(workflow('RUNNING'))).toStrictEqual(pending)
    expect(read(workflow('PAUSED'))).toStrictEqual(pending)
    expect(read(workflow('COMPLETED', { output: { trackingId: 'T-1' } }))).toStrictEqual({
      inline: { trackingId: 'T-1' },
    })
    const reason = 'Task ship failed with status: FAILED and reason: carrier unavailable'
    for (const word of ['FAILED', 'TIMED_OUT']) {
      expect(
        read(workflow(word, { reasonForIncompletion: reason, failedReferenceTaskNames: ['ship'] })),
      ).toStrictEqual(failed(reason))
    }
    expect(read(workflow('TERMINATED', { reasonForIncompletion: 'by user' }))).toStrictEqual(
      canceled,
    )
  })

  it('Trigger.dev runs: the run’s flags beside its word; FROZEN and DEQUEUED run by them; COMPLETED with its output; FAILED with its error; CANCELED', () => {
    const run = (status: string, flags: object, more: object = {}) => ({
      id: 'run_1234',
      status,
      taskIdentifier: 'generate-report',
      isTest: false,
      isQueued: false,
      isExecuting: false,
      isCompleted: false,
      isSuccess: false,
      isFailed: false,
      isCancelled: false,
      ...flags,
      attempts: [],
      ...more,
    })
    expect(read(run('QUEUED', { isQueued: true }))).toStrictEqual(pending)
    for (const word of ['EXECUTING', 'REATTEMPTING', 'FROZEN', 'DEQUEUED', 'WAITING_FOR_DEPLOY']) {
      expect(read(run(word, { isExecuting: true })), word).toStrictEqual(pending)
    }
    const done = run(
      'COMPLETED',
      { isCompleted: true, isSuccess: true },
      { output: { pdf: 'r.pdf' } },
    )
    expect(read(done)).toStrictEqual({ inline: { pdf: 'r.pdf' } })
    const error = { message: 'Out of memory', name: 'Error', stackTrace: 'at generate (…)' }
    for (const word of ['FAILED', 'CRASHED', 'SYSTEM_FAILURE', 'TIMED_OUT']) {
      expect(read(run(word, { isCompleted: true, isFailed: true }, { error })), word).toStrictEqual(
        failed(error),
      )
    }
    expect(read(run('CANCELED', { isCompleted: true, isCancelled: true }))).toStrictEqual(canceled)
  })

  it('Google Cloud Workflows executions: QUEUED, ACTIVE run; SUCCEEDED with its result string; FAILED with its error; CANCELLED; UNAVAILABLE is refused', () => {
    const execution = (state: string, more: object = {}) => ({
      name: 'projects/p/locations/us-central1/workflows/order/executions/e-1',
      startTime: '2024-01-01T00:00:00Z',
      state,
      argument: '{"orderId":42}',
      workflowRevisionId: '000001-a4d',
      ...more,
    })
    expect(read(execution('QUEUED'))).toStrictEqual(pending)
    expect(read(execution('ACTIVE'))).toStrictEqual(pending)
    expect(read(execution('SUCCEEDED', { result: '"shipped"' }))).toStrictEqual({
      inline: '"shipped"',
    })
    const error = { payload: '{"message":"HTTP 500"}', context: 'step "ship"' }
    expect(read(execution('FAILED', { error }))).toStrictEqual(failed(error))
    expect(read(execution('CANCELLED'))).toStrictEqual(canceled)
    // Its data is unavailable (`stateError` says why): no word for how the execution went.
    expect(refusal(execution('UNAVAILABLE'))).toContain('Unknown status word "UNAVAILABLE"')
  })

  it('SageMaker Pipelines executions: Executing, Stopping; Succeeded; Failed with its FailureReason; Stopped', () => {
    const execution = (PipelineExecutionStatus: string, more: object = {}) => ({
      PipelineArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/train',
      PipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/train/execution/x1',
      PipelineExecutionStatus,
      ...more,
    })
    expect(read(execution('Executing'))).toStrictEqual(pending)
    expect(read(execution('Stopping'))).toStrictEqual(pending)
    expect(read(execution('Succeeded'))).toStrictEqual({ inline: execution('Succeeded') })
    expect(read(execution('Failed', { FailureReason: 'Step Train failed' }))).toStrictEqual(
      failed('Step Train failed'),
    )
    expect(read(execution('Stopped'))).toStrictEqual(canceled)
  })

  it('AWS HealthOmics runs: PENDING, STARTING, RUNNING, STOPPING; COMPLETED; FAILED with its failureReason; CANCELLED; DELETED is refused', () => {
    const omicsRun = (status: string, more: object = {}) => ({
      id: '1234567',
      arn: 'arn:aws:omics:us-east-1:123456789012:run/1234567',
      workflowId: 'w-1',
      status,
      outputUri: 's3://results/run-1234567',
      ...more,
    })
    for (const word of ['PENDING', 'STARTING', 'RUNNING', 'STOPPING']) {
      expect(read(omicsRun(word))).toStrictEqual(pending)
    }
    // The s3:// output is no link pollwise fetches: the run stays the result.
    expect(read(omicsRun('COMPLETED'))).toStrictEqual({ inline: omicsRun('COMPLETED') })
    expect(
      read(omicsRun('FAILED', { failureReason: 'WORKFLOW_RUN_FAILED', statusMessage: 'task 3' })),
    ).toStrictEqual(failed('WORKFLOW_RUN_FAILED'))
    expect(read(omicsRun('CANCELLED'))).toStrictEqual(canceled)
    expect(refusal(omicsRun('DELETED'))).toContain('Unknown status word "DELETED"')
  })

  it('Apache Livy batches (EMR, Synapse, HDInsight): not_started, starting, running, recovering, shutting_down; success; dead; killed', () => {
    const batch = (state: string) => ({
      id: 7,
      name: 'etl',
      appId: 'application_1700000000000_0007',
      appInfo: { driverLogUrl: null, sparkUiUrl: null },
      log: ['stdout: ', 'stderr: '],
      state,
    })
    for (const word of ['not_started', 'starting', 'running', 'recovering', 'shutting_down']) {
      expect(read(batch(word)), word).toStrictEqual(pending)
    }
    expect(read(batch('success'))).toStrictEqual({ inline: batch('success') })
    expect(read(batch('dead'))).toMatchObject({ state: 'failed' })
    expect(read(batch('killed'))).toStrictEqual(canceled)
  })
})

describe('a ninth pass: AI and media', () => {
  it('OpenAI Assistants runs: queued, in_progress, cancelling; completed; failed with last_error; expired; requires_action is refused', () => {
    const run = (status: string, more: object = {}) => ({
      id: 'run_abc123',
      object: 'thread.run',
      assistant_id: 'asst_abc123',
      thread_id: 'thread_abc123',
      status,
      started_at: null,
      failed_at: null,
      last_error: null,
      incomplete_details: null,
      required_action: null,
      tools: [],
      metadata: {},
      ...more,
    })
    for (const word of ['queued', 'in_progress', 'cancelling']) {
      expect(read(run(word))).toStrictEqual(pending)
    }
    expect(read(run('completed'))).toStrictEqual({ inline: run('completed') })
    const lastError = { code: 'rate_limit_exceeded', message: 'You exceeded your current quota' }
    expect(read(run('failed', { last_error: lastError }))).toStrictEqual(failed(lastError))
    expect(read(run('expired'))).toMatchObject({ state: 'failed' })
    expect(read(run('cancelled'))).toStrictEqual(canceled)
    // The run waits for the app's tool outputs: no state pollwise can wait out by polling.
    const asked = run('requires_action', {
      required_action: { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [] } },
    })
    expect(refusal(asked)).toContain('Unknown status word "requires_action" in `status`')
  })

  it('Creatomate renders: planned is named; waiting, transcribing, rendering; succeeded with its url fetched; failed with its error_message', () => {
    const render = (status: string, more: object = {}) => ({
      id: 'a862048b-e5fc-4f42-bb8c-5b5bf3c8d4e1',
      status,
      url: 'https://cdn.creatomate.com/renders/a862048b.mp4',
      snapshot_url: 'https://cdn.creatomate.com/snapshots/a862048b.jpg',
      template_id: 't-1',
      output_format: 'mp4',
      ...more,
    })
    // Planned: one API's run is planned and waits for a go (Terraform), another's is scheduled.
    expect(refusal(render('planned'))).toContain('Unknown status word "planned"')
    const classifyStatus = (word: string) => (word === 'planned' ? ('pending' as const) : undefined)
    expect(read(render('planned'), { classifyStatus })).toStrictEqual(pending)
    for (const word of ['waiting', 'transcribing', 'rendering']) {
      expect(read(render(word))).toStrictEqual(pending)
    }
    expect(read(render('succeeded'))).toStrictEqual({
      link: 'https://cdn.creatomate.com/renders/a862048b.mp4',
    })
    expect(
      read(render('failed', { error_message: 'The source video could not be loaded.' })),
    ).toStrictEqual(failed('The source video could not be loaded.'))
  })

  it('Hume batch jobs: the word in state.status; COMPLETED beside num_errors 0, predictions by template; FAILED with state.message', () => {
    const job = (state: object) => ({
      job_id: 'job-1',
      type: 'INFERENCE',
      request: { urls: ['https://example.com/call.mp3'], models: { prosody: {} } },
      state: { created_timestamp_ms: 1.7e12, ...state },
    })
    expect(read(job({ status: 'QUEUED' }))).toStrictEqual(pending)
    expect(read(job({ status: 'IN_PROGRESS' }))).toStrictEqual(pending)
    const done = job({ status: 'COMPLETED', num_predictions: 4, num_errors: 0 })
    expect(read(done, { locateResult: '/v0/batch/jobs/{job_id}/predictions' })).toStrictEqual({
      link: 'https://api.example.com/v0/batch/jobs/job-1/predictions',
    })
    expect(read(job({ status: 'FAILED', message: 'audio could not be decoded' }))).toStrictEqual(
      failed('audio could not be decoded'),
    )
  })

  it('Tripo3D tasks: data.status queued, running with progress; success with its output; failed; banned and unknown are refused', () => {
    const task = (status: string, more: object = {}) => ({
      code: 0,
      data: {
        task_id: '1ec04ced-4b87-44f6-a296-beee80777941',
        type: 'text_to_model',
        status,
        input: { prompt: 'a small cat' },
        output: {},
        progress: 0,
        ...more,
      },
    })
    expect(read(task('queued'))).toMatchObject(pending)
    expect(read(task('running', { progress: 40 }))).toMatchObject(pending)
    const output = { model: 'https://tripo-data.example.com/model.glb' }
    expect(read(task('success', { output, progress: 100 }))).toMatchObject({ inline: output })
    expect(read(task('failed'))).toMatchObject({ state: 'failed' })
    expect(read(task('cancelled'))).toStrictEqual(canceled)
    // Banned (the input broke the rules) and unknown: never a guess.
    expect(refusal(task('banned'))).toContain('Unknown status word "banned"')
    expect(refusal(task('unknown'))).toContain('Unknown status word "unknown"')
  })

  it('Meshy text-to-3D tasks: PENDING, IN_PROGRESS; SUCCEEDED beside an empty task_error; FAILED with it; CANCELED', () => {
    const task = (status: string, message = '') => ({
      id: '018a210d-8ba4-705c-b111-1f1776f7f578',
      mode: 'preview',
      status,
      model_urls: { glb: 'https://assets.meshy.ai/tasks/018a/model.glb' },
      thumbnail_url: 'https://assets.meshy.ai/tasks/018a/preview.png',
      progress: status === 'SUCCEEDED' ? 100 : 0,
      task_error: { message },
    })
    expect(read(task('PENDING'))).toMatchObject(pending)
    expect(read(task('IN_PROGRESS'))).toMatchObject(pending)
    expect(read(task('SUCCEEDED'))).toMatchObject({ inline: task('SUCCEEDED') })
    expect(read(task('FAILED', 'Prompt rejected by the safety filter'))).toStrictEqual(
      failed({ message: 'Prompt rejected by the safety filter' }),
    )
    expect(read(task('CANCELED'))).toStrictEqual(canceled)
  })

  it('Black Forest Labs get_result: Pending; Ready is named; Error fails; the moderation words and Task not found are refused', () => {
    const result = (status: string, more: object = {}) => ({
      id: '7f2a6c1e',
      status,
      result: null,
      progress: null,
      ...more,
    })
    expect(read(result('Pending'))).toStrictEqual(pending)
    const ready = result('Ready', {
      result: { sample: 'https://delivery-eu1.bfl.ai/results/7f2a6c1e/sample.jpeg', seed: 42 },
    })
    expect(refusal(ready)).toContain('Unknown status word "Ready"')
    const classifyStatus = (word: string) => (word === 'Ready' ? ('succeeded' as const) : undefined)
    expect(read(ready, { classifyStatus })).toStrictEqual({
      inline: { sample: 'https://delivery-eu1.bfl.ai/results/7f2a6c1e/sample.jpeg', seed: 42 },
    })
    expect(read(result('Error'))).toMatchObject({ state: 'failed' })
    for (const word of ['Request Moderated', 'Content Moderated', 'Task not found']) {
      expect(refusal(result(word))).toContain(`Unknown status word "${word}"`)
    }
  })

  it('Perplexity async chat completions: CREATED, IN_PROGRESS; COMPLETED with its response; FAILED with its error_message', () => {
    const request = (status: string, more: object = {}) => ({
      id: 'a3f1c2d4',
      model: 'sonar-deep-research',
      created_at: 1.7e9,
      status,
      response: null,
      failed_at: null,
      error_message: null,
      ...more,
    })
    expect(read(request('CREATED'))).toStrictEqual(pending)
    expect(read(request('IN_PROGRESS'))).toStrictEqual(pending)
    const response = { id: 'a3f1c2d4', choices: [{ message: { content: 'Report…' } }] }
    expect(read(request('COMPLETED', { response }))).toStrictEqual({ inline: response })
    expect(read(request('FAILED', { error_message: 'Request timed out' }))).toStrictEqual(
      failed('Request timed out'),
    )
  })

  it('Canva export jobs: job.status in_progress; success with its urls; failed with its error', () => {
    const job = (status: string, more: object = {}) => ({
      job: { id: 'e08861ae-3b29-45db-8dc1-1fe0bf7f1cc8', status, ...more },
    })
    expect(read(job('in_progress'))).toStrictEqual(pending)
    const done = job('success', { urls: ['https://export-download.canva.com/e08861ae/0.png'] })
    expect(read(done)).toStrictEqual({ inline: done })
    const error = { code: 'license_required', message: 'A Canva Pro license is needed.' }
    expect(read(job('failed', { error }))).toStrictEqual(failed(error))
  })

  it('Bunny Stream videos: a numeric status is refused; a stateField function reads its codes', () => {
    const video = (status: number) => ({
      videoLibraryId: 1234,
      guid: 'f5b2c2a6-7d2e-4f1e-9e1b-2c3d4e5f6a7b',
      title: 'launch.mp4',
      status,
      encodeProgress: status === 3 ? 60 : 0,
      captions: [],
    })
    expect(refusal(video(3))).toContain('Status field `status` is 3, not a status word')
    // 0 created, 1 uploaded, 2 processing, 3 transcoding, 4 finished, 5 error, 6 upload failed.
    const stateField = (body: unknown) => {
      const { status } = body as { status: number }
      return status === 4 ? 'succeeded' : status >= 5 ? 'failed' : 'pending'
    }
    expect(read(video(3), { stateField })).toStrictEqual(pending)
    expect(read(video(4), { stateField })).toStrictEqual({ inline: video(4) })
    expect(read(video(6), { stateField })).toMatchObject({ state: 'failed' })
  })

  it('Adobe Photoshop API: the job’s state in outputs[0].status, no state by itself; named by stateField', () => {
    const job = (output: object) => ({
      jobId: 'f54e0fcb-260b-47c3-b520-de0d17dc2b67',
      outputs: [{ input: '/files/in.psd', created: '2024-01-01T00:00:00Z', ...output }],
      _links: {
        self: { href: 'https://image.adobe.io/pie/psdService/status/f54e0fcb' },
      },
    })
    expect(read(job({ status: 'running' }))).toBeUndefined()
    const parts = { stateField: 'outputs.0.status' }
    for (const word of ['pending', 'running', 'uploading']) {
      expect(read(job({ status: word }), parts)).toStrictEqual(pending)
    }
    const done = job({ status: 'succeeded', _links: { renditions: [{ href: '/files/out.png' }] } })
    expect(read(done, parts)).toStrictEqual({ inline: done.outputs })
    const errors = { type: 'InputValidationError', title: 'request parameters didn’t validate' }
    expect(read(job({ status: 'failed', errors }), parts)).toStrictEqual(failed(errors))
  })
})

describe('a ninth pass: CI and deployments', () => {
  it('Semaphore pipelines: state queuing, running, stopping; done with its result; failed with its result_reason', () => {
    const pipeline = (state: string, result?: string, more: object = {}) => ({
      pipeline: {
        ppl_id: 'c3d2e1f0',
        name: 'Build',
        wf_id: 'w-1',
        state,
        ...(result ? { result } : {}),
        error_description: '',
        ...more,
      },
      blocks: [],
    })
    for (const word of ['initializing', 'pending', 'queuing', 'running', 'stopping']) {
      expect(read(pipeline(word)), word).toStrictEqual(pending)
    }
    // Like Jenkins', the run names no output: its result word is what it gives back.
    expect(read(pipeline('done', 'passed'))).toStrictEqual({ inline: 'passed' })
    expect(read(pipeline('done', 'failed', { result_reason: 'test' }))).toStrictEqual(
      failed('test'),
    )
    expect(read(pipeline('done', 'stopped', { result_reason: 'user' }))).toStrictEqual(canceled)
    expect(read(pipeline('done', 'canceled'))).toStrictEqual(canceled)
  })

  it('Drone and Woodpecker builds: pending, running, blocked, waiting_on_dependencies; success; failure, error, declined; killed, skipped', () => {
    const build = (status: string, more: object = {}) => ({
      id: 42,
      number: 7,
      status,
      event: 'push',
      message: 'Update README.md',
      author_login: 'octocat',
      error: '',
      ...more,
    })
    for (const word of ['pending', 'running', 'blocked', 'waiting_on_dependencies']) {
      expect(read(build(word))).toStrictEqual(pending)
    }
    expect(read(build('success'))).toStrictEqual({ inline: build('success') })
    // A failed step names no reason on the build: its `message` is the commit's, left unpinned.
    expect(read(build('failure'))).toMatchObject({ state: 'failed' })
    expect(
      read(build('error', { error: 'yaml: line 3: did not find expected key' })),
    ).toStrictEqual(failed('yaml: line 3: did not find expected key'))
    // Its approval declined, the build never runs.
    expect(read(build('declined'))).toMatchObject({ state: 'failed' })
    expect(read(build('killed'))).toStrictEqual(canceled)
    expect(read(build('skipped'))).toStrictEqual(canceled)
  })

  it('Koyeb deployments: PENDING, PROVISIONING, SCHEDULED, ALLOCATING, STARTING, ERRORING run; HEALTHY is named; ERROR with its messages; CANCELED', () => {
    const deployment = (status: string, messages: string[] = []) => ({
      deployment: { id: 'd-1', app_id: 'a-1', service_id: 's-1', status, messages },
    })
    for (const word of [
      'PENDING',
      'PROVISIONING',
      'SCHEDULED',
      'ALLOCATING',
      'STARTING',
      'ERRORING',
    ]) {
      expect(read(deployment(word)), word).toStrictEqual(pending)
    }
    // Healthy: the deployment serves; one API's word for what another calls live.
    expect(refusal(deployment('HEALTHY'))).toContain('Unknown status word "HEALTHY"')
    const classifyStatus = (word: string) =>
      word === 'HEALTHY' ? ('succeeded' as const) : undefined
    expect(read(deployment('HEALTHY'), { classifyStatus })).toStrictEqual({
      inline: deployment('HEALTHY'),
    })
    expect(read(deployment('ERROR', ['Build failed: exit code 1']))).toStrictEqual(
      failed(['Build failed: exit code 1']),
    )
    expect(read(deployment('CANCELED'))).toStrictEqual(canceled)
  })

  it('Tekton PipelineRuns: status.conditions hold no word pollwise reads; a stateField function reads the Succeeded condition', () => {
    type Condition = { type: string; status: string; reason: string; message: string }
    const run = (condition: Condition) => ({
      apiVersion: 'tekton.dev/v1',
      kind: 'PipelineRun',
      metadata: { name: 'build-1', namespace: 'ci' },
      status: { startTime: '2024-01-01T00:00:00Z', conditions: [condition] },
    })
    const running = run({
      type: 'Succeeded',
      status: 'Unknown',
      reason: 'Running',
      message: 'Tasks Completed: 1 (Failed: 0, Cancelled 0), Skipped: 0',
    })
    expect(refusal(running)).toContain('stateField')
    const succeeded = (body: unknown) =>
      (body as { status: { conditions: Condition[] } }).status.conditions.find(
        (condition) => condition.type === 'Succeeded',
      )
    const parts = {
      stateField: (body: unknown) => {
        const condition = succeeded(body)
        if (condition?.status === 'True') return 'succeeded' as const
        if (condition?.status !== 'False') return 'pending' as const
        return condition.reason === 'Cancelled' ? ('canceled' as const) : ('failed' as const)
      },
      failureField: (body: unknown) => succeeded(body)?.message,
    }
    expect(read(running, parts)).toStrictEqual(pending)
    const done = run({
      type: 'Succeeded',
      status: 'True',
      reason: 'Succeeded',
      message: 'All done',
    })
    expect(read(done, parts)).toStrictEqual({ inline: done })
    const message = 'Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 0'
    expect(
      read(run({ type: 'Succeeded', status: 'False', reason: 'Failed', message }), parts),
    ).toStrictEqual(failed(message))
    const cancel = run({ type: 'Succeeded', status: 'False', reason: 'Cancelled', message: 'by u' })
    expect(read(cancel, parts)).toStrictEqual(canceled)
  })
})

describe('a ninth pass: payments, marketing and data exports', () => {
  it('Chargebee exports: export.status in_process; completed with its download named by locateResult; failed', () => {
    const exported = (status: string, more: object = {}) => ({
      export: {
        id: 'Jz4Ur3SWV8rRUVC',
        operation_type: 'customers',
        mime_type: 'zip',
        status,
        created_at: 1.7e9,
        ...more,
      },
    })
    expect(read(exported('in_process'))).toStrictEqual(pending)
    const done = exported('completed', {
      download: { download_url: 'https://chargebee-exports.example.com/c.zip', valid_till: 1.7e9 },
    })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(done, { locateResult: 'export.download.download_url' })).toStrictEqual({
      link: 'https://chargebee-exports.example.com/c.zip',
    })
    expect(read(exported('failed'))).toMatchObject({ state: 'failed' })
  })

  it('Microsoft Advertising report requests: ReportRequestStatus Pending; Success, its ReportDownloadUrl named by locateResult; Error', () => {
    const status = (Status: string, ReportDownloadUrl: string | null = null) => ({
      ReportRequestStatus: { ReportDownloadUrl, Status },
    })
    expect(read(status('Pending'))).toStrictEqual(pending)
    const done = status('Success', 'https://bingadsappsstorageprod.blob.core.windows.net/r/1.zip')
    // A status object's own links are as often the job's or a service's (Hugging Face's endpoint
    // `status.url`) as the result: the whole answer, unless the app names the link.
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(done, { locateResult: 'ReportRequestStatus.ReportDownloadUrl' })).toStrictEqual({
      link: 'https://bingadsappsstorageprod.blob.core.windows.net/r/1.zip',
    })
    expect(read(status('Error'))).toMatchObject({ state: 'failed' })
  })

  it('Constant Contact activities: state beside a status object of counts; processing with percent_done; completed; failed with activity_errors', () => {
    const activity = (state: string, more: object = {}) => ({
      activity_id: 'a-1',
      state,
      percent_done: 0,
      activity_errors: [],
      status: { items_total_count: 100, items_completed_count: 0, errors_count: 0 },
      _links: { self: { href: '/v3/activities/a-1' } },
      ...more,
    })
    expect(read(activity('initialized'))).toMatchObject(pending)
    expect(read(activity('processing', { percent_done: 50 }))).toStrictEqual({
      state: 'pending',
      progress: { value: 50, scale: 'percent' },
    })
    const done = activity('completed', { percent_done: 100 })
    expect(read(done, {}, 'https://api.cc.example.com/v3/activities/a-1')).toMatchObject({
      inline: done,
    })
    const errors = ['Line 3: invalid email address']
    expect(read(activity('failed', { activity_errors: errors }))).toStrictEqual(failed(errors))
    expect(read(activity('cancelled'))).toStrictEqual(canceled)
    expect(read(activity('timed_out'))).toMatchObject({ state: 'failed' })
  })

  it('Iterable export jobs: jobState Enqueued, Running; Completed with its files; Failed', () => {
    const job = (jobState: string, files: object[] = []) => ({
      exportTruncated: false,
      files,
      jobId: 123456,
      jobState,
    })
    expect(read(job('Enqueued'))).toStrictEqual(pending)
    expect(read(job('Running'))).toStrictEqual(pending)
    const files = [{ file: 'https://iterable-exports.example.com/1.csv', size: 10 }]
    expect(read(job('Completed', files))).toStrictEqual({ inline: job('Completed', files) })
    expect(read(job('Failed'))).toMatchObject({ state: 'failed' })
  })

  it('BigQuery Data Transfer runs: PENDING, RUNNING; SUCCEEDED; FAILED with its errorStatus; CANCELLED', () => {
    const run = (state: string, more: object = {}) => ({
      name: 'projects/p/locations/us/transferConfigs/c-1/runs/r-1',
      dataSourceId: 'google_cloud_storage',
      destinationDatasetId: 'sales',
      runTime: '2024-01-01T00:00:00Z',
      state,
      ...more,
    })
    expect(read(run('PENDING'))).toStrictEqual(pending)
    expect(read(run('RUNNING'))).toStrictEqual(pending)
    expect(read(run('SUCCEEDED'))).toStrictEqual({ inline: run('SUCCEEDED') })
    const errorStatus = { code: 7, message: 'Access Denied: gs://sales-drop' }
    expect(read(run('FAILED', { errorStatus }))).toStrictEqual(failed(errorStatus))
    expect(read(run('CANCELLED'))).toStrictEqual(canceled)
  })

  it('Bright Data snapshots: running; ready is named, the data at its snapshot by template; failed', () => {
    const progress = (status: string) => ({
      snapshot_id: 's_m4x7enmven8djfqak',
      dataset_id: 'gd_l1viktl72bvl7bjuj0',
      status,
    })
    expect(read(progress('running'))).toStrictEqual(pending)
    expect(refusal(progress('ready'))).toContain('Unknown status word "ready"')
    const parts = {
      classifyStatus: (word: string) => (word === 'ready' ? ('succeeded' as const) : undefined),
      locateResult: '/datasets/v3/snapshot/{snapshot_id}',
    }
    expect(read(progress('ready'), parts)).toStrictEqual({
      link: 'https://api.example.com/datasets/v3/snapshot/s_m4x7enmven8djfqak',
    })
    expect(read(progress('failed'))).toMatchObject({ state: 'failed' })
  })

  it('Paddle reports: data.status pending; ready is named, its CSV link by template; failed; expired', () => {
    const report = (status: string) => ({
      data: { id: 'rep_01hhq4c3b03g3x2kpkj8aecjv6', status, rows: null, type: 'transactions' },
      meta: { request_id: 'r-1' },
    })
    expect(read(report('pending'))).toStrictEqual(pending)
    expect(refusal(report('ready'))).toContain('Unknown status word "ready"')
    const parts = {
      classifyStatus: (word: string) => (word === 'ready' ? ('succeeded' as const) : undefined),
      locateResult: '/reports/{data.id}/download-url',
    }
    expect(read(report('ready'), parts)).toStrictEqual({
      link: 'https://api.example.com/reports/rep_01hhq4c3b03g3x2kpkj8aecjv6/download-url',
    })
    expect(read(report('failed'))).toMatchObject({ state: 'failed' })
    expect(read(report('expired'))).toMatchObject({ state: 'failed' })
  })
})

/** The `classifyStatus` that names one word an API documents. */
const named = (word: string, state: 'succeeded' | 'failed' | 'canceled' | 'pending') => ({
  classifyStatus: (seen: string) => (seen === word ? state : undefined),
})

describe('a tenth pass: Microsoft services, developer platforms, payments and clouds', () => {
  it('Power BI imports: importState Publishing; Succeeded with its datasets and reports; Failed with its error', () => {
    const imported = (importState: string, more: object = {}) => ({
      id: '82d9a37a-2b45-4221-b012-cb109b8e30c7',
      name: 'SalesMarketing',
      importState,
      createdDateTime: '2018-05-08T14:56:18.477Z',
      updatedDateTime: '2018-05-08T14:56:18.477Z',
      ...more,
    })
    expect(read(imported('Publishing'))).toStrictEqual(pending)
    const done = imported('Succeeded', {
      datasets: [{ id: 'cfafbeb1-8037-4d0c-896e-a46fb27ff229', name: 'SalesMarketing' }],
      reports: [{ id: '5b218778-e7a5-4d73-8187-f10824047715', name: 'SalesMarketing' }],
    })
    expect(read(done)).toStrictEqual({ inline: done })
    const error = { code: 'PowerBIEntityNotFound', details: [] }
    expect(read(imported('Failed', { error }))).toStrictEqual(failed(error))
  })

  it('Power BI enhanced refreshes: status read before extendedStatus; notStarted, inProgress; completed; failed with its messages; cancelled; timedOut fails; disabled is named', () => {
    const refresh = (status: string, extendedStatus: string, more: object = {}) => ({
      startTime: '2020-12-07T02:06:57.1838734Z',
      type: 'Full',
      commitMode: 'transactional',
      status,
      extendedStatus,
      currentRefreshType: 'Full',
      objects: [{ table: 'DimCustomer', partition: 'DimCustomer', status: extendedStatus }],
      ...more,
    })
    expect(read(refresh('notStarted', 'NotStarted'))).toStrictEqual(pending)
    // The extended status says Unknown while the refresh runs: the status is read first.
    expect(read(refresh('inProgress', 'Unknown'))).toStrictEqual(pending)
    const done = refresh('completed', 'Completed', { endTime: '2020-12-07T02:07:01.6215208Z' })
    expect(read(done)).toStrictEqual({ inline: done })
    const messages = [
      {
        code: 'ModelRefresh_ShortMessage_ProcessingError',
        message: 'Column not found',
        type: 'Error',
      },
    ]
    expect(read(refresh('failed', 'Failed', { messages }))).toStrictEqual(failed(messages))
    expect(read(refresh('cancelled', 'Cancelled'))).toStrictEqual(canceled)
    expect(read(refresh('timedOut', 'TimedOut'))).toMatchObject({ state: 'failed' })
    expect(refusal(refresh('disabled', 'Disabled'))).toContain('Unknown status word "disabled"')
    expect(read(refresh('disabled', 'Disabled'), named('disabled', 'failed'))).toMatchObject({
      state: 'failed',
    })
  })

  it('Power BI refresh history: the listed refresh holds the state; its Unknown is how a running refresh reads', () => {
    const history = (status: string, more: object = {}) => ({
      value: [
        {
          requestId: '9399bb89',
          id: 1344,
          refreshType: 'ViaApi',
          startTime: '2017',
          status,
          ...more,
        },
      ],
    })
    // A list is no status body: with zero configuration it carries no state.
    expect(read(history('Unknown'))).toBeUndefined()
    const parts = { stateField: 'value.0.status', ...named('Unknown', 'pending') }
    expect(read(history('Unknown'), parts)).toStrictEqual(pending)
    expect(read(history('Completed'), parts)).toStrictEqual({ inline: history('Completed') })
    const serviceExceptionJson = '{"errorCode":"ModelRefreshFailed_CredentialsNotSpecified"}'
    expect(
      read(history('Failed', { serviceExceptionJson }), {
        ...parts,
        failureField: 'value.0.serviceExceptionJson',
      }),
    ).toStrictEqual(failed(serviceExceptionJson))
  })

  it('Power BI deployment pipeline operations: NotStarted, Executing; Succeeded; Failed, its step errors named by failureField', () => {
    const operation = (status: string, stepStatus: string, error?: object) => ({
      id: '1065e6a3-a020-4c0c-ada7-92b5fe99eec5',
      type: 'Deploy',
      status,
      lastUpdatedTime: '2020-12-13T09:26:41.153',
      executionStartTime: '2020-12-13T09:26:36.273Z',
      sourceStageOrder: 0,
      targetStageOrder: 1,
      executionPlan: {
        steps: [{ index: 0, type: 'DatasetDeployment', status: stepStatus, error }],
      },
    })
    expect(read(operation('NotStarted', 'NotStarted'))).toStrictEqual(pending)
    expect(read(operation('Executing', 'Executing'))).toStrictEqual(pending)
    expect(read(operation('Succeeded', 'Succeeded'))).toStrictEqual({
      inline: operation('Succeeded', 'Succeeded'),
    })
    const error = { errorCode: 'NoPermission', errorDetails: 'No permission to deploy' }
    // The error sits in a step of the plan, deeper than pollwise looks for a failure.
    expect(read(operation('Failed', 'Failed', error))).toStrictEqual(failed(undefined))
    expect(
      read(operation('Failed', 'Failed', error), { failureField: 'executionPlan.steps.0.error' }),
    ).toStrictEqual(failed(error))
  })

  it('Microsoft Graph Teams async operations: notStarted, inProgress; succeeded with its target read by locateResult; failed with its error; invalid fails', () => {
    const at = "https://graph.microsoft.com/v1.0/teams('b8a5e0cf')/operations('c5f7f4ab')"
    const operation = (status: string, error: object | null = null) => ({
      id: 'c5f7f4ab',
      operationType: 'cloneTeam',
      createdDateTime: '2018-01-01T00:00:00.0000000Z',
      status,
      lastActionDateTime: '2018-01-01T00:00:00.0000000Z',
      attemptsCount: 1,
      targetResourceId: 'fa4aa5a2-a75b-4769-86f4-9e2742a18fda',
      targetResourceLocation: "/groups('fa4aa5a2-a75b-4769-86f4-9e2742a18fda')/team",
      error,
    })
    expect(read(operation('notStarted'), {}, at)).toStrictEqual(pending)
    expect(read(operation('inProgress'), {}, at)).toStrictEqual(pending)
    // The target is a path under Graph's version root (`/v1.0`): resolved against the status URL
    // by RFC 3986 it would lose the version, so no rule takes it, and locateResult builds it.
    expect(read(operation('succeeded'), {}, at)).toStrictEqual({ inline: operation('succeeded') })
    const locateResult = (body: unknown) =>
      `https://graph.microsoft.com/v1.0${(body as { targetResourceLocation: string }).targetResourceLocation}`
    expect(read(operation('succeeded'), { locateResult }, at)).toStrictEqual({
      link: "https://graph.microsoft.com/v1.0/groups('fa4aa5a2-a75b-4769-86f4-9e2742a18fda')/team",
    })
    const error = { code: 'Conflict', message: 'Team is already archived' }
    expect(read(operation('failed', error), {}, at)).toStrictEqual(failed(error))
    expect(read(operation('invalid'), {}, at)).toMatchObject({ state: 'failed' })
  })

  it('Microsoft Graph eDiscovery operations: running with percentProgress; succeeded, partiallySucceeded; submissionFailed and failed with their resultInfo', () => {
    const operation = (status: string, more: object = {}) => ({
      '@odata.type': '#microsoft.graph.security.ediscoveryEstimateOperation',
      id: '2ad2da7c7d1f4d7a8c5b8e3e9c9b4f3a',
      createdDateTime: '2022-05-23T16:51:13.7178168Z',
      completedDateTime: '0001-01-01T00:00:00Z',
      percentProgress: 50,
      status,
      action: 'estimateStatistics',
      ...more,
    })
    expect(read(operation('running'))).toStrictEqual({
      state: 'pending',
      progress: { value: 50, scale: 'percent' },
    })
    const done = operation('succeeded', { percentProgress: 100, indexedItemCount: 1200 })
    expect(read(done)).toStrictEqual({ inline: done })
    const partial = operation('partiallySucceeded', { percentProgress: 100 })
    expect(read(partial)).toStrictEqual({ inline: partial })
    const resultInfo = { code: 'HoldPolicyFailed', message: 'The hold policy could not be applied' }
    expect(read(operation('submissionFailed', { resultInfo }))).toStrictEqual(failed(resultInfo))
    expect(read(operation('failed', { resultInfo }))).toStrictEqual(failed(resultInfo))
  })

  it('Microsoft Intune report export jobs: notStarted, inProgress; completed with its url fetched; failed; unknown is named', () => {
    const job = (status: string, url: string | null = null) => ({
      id: 'Devices_05e62c19-1c9b-4e2d-b3c8-3e3f8e8a5d2b',
      reportName: 'Devices',
      filter: '',
      select: [],
      format: 'csv',
      snapshotId: null,
      status,
      url,
      requestDateTime: '2020-08-19T03:43:32.1405758Z',
      expirationDateTime: '0001-01-01T00:00:00Z',
    })
    expect(read(job('notStarted'))).toStrictEqual(pending)
    expect(read(job('inProgress'))).toStrictEqual(pending)
    const zip =
      'https://amsua0202repexpstorage.blob.core.windows.net/cec55c9b/Devices_05e62c19.zip?sv=2019-07-07&sig=abc'
    expect(read(job('completed', zip))).toStrictEqual({ link: zip })
    expect(read(job('failed'))).toMatchObject({ state: 'failed' })
    expect(refusal(job('unknown'))).toContain('Unknown status word "unknown"')
  })

  it('Microsoft Graph OneNote operations: Running with a percentComplete string; Completed with resourceLocation fetched; Failed with its error', () => {
    const operation = (status: string, more: object = {}) => ({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#me/onenote/operations/$entity',
      id: 'copy-9c4a1f8e',
      status,
      createdDateTime: '2016-03-07T21:37:37.3221653Z',
      lastActionDateTime: '2016-03-07T21:38:09.0596598Z',
      resourceLocation: null,
      resourceId: null,
      error: null,
      ...more,
    })
    expect(read(operation('NotStarted'))).toStrictEqual(pending)
    // The documented percentComplete is a string of digits.
    expect(read(operation('Running', { percentComplete: '50' }))).toStrictEqual({
      state: 'pending',
      progress: { value: 50, scale: 'percent' },
    })
    const notebook = 'https://graph.microsoft.com/v1.0/me/onenote/notebooks/1-e3a2b7c9'
    expect(
      read(operation('Completed', { resourceLocation: notebook, resourceId: '1-e3a2b7c9' })),
    ).toStrictEqual({ link: notebook })
    const error = { code: '20102', message: 'The requested resource does not exist.' }
    expect(read(operation('Failed', { error }))).toStrictEqual(failed(error))
  })

  it('Microsoft Graph print jobs: status.state processing, paused; completed; aborted and canceled cancel', () => {
    const job = (state: string, description: string, details: string[] = []) => ({
      id: '31',
      createdDateTime: '2020-02-04T00:00:00.0000000Z',
      isFetchable: false,
      redirectedFrom: null,
      redirectedTo: null,
      status: { state, description, details },
    })
    expect(read(job('pending', 'The job is pending.'))).toStrictEqual(pending)
    expect(read(job('processing', 'The job is being processed.', ['interpreting']))).toStrictEqual(
      pending,
    )
    expect(read(job('paused', 'The job is paused.'))).toStrictEqual(pending)
    const done = job('completed', 'The job completed.')
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(job('aborted', 'Aborted by the system.', ['documentFormatError']))).toStrictEqual(
      canceled,
    )
    expect(read(job('canceled', 'Canceled by the user.'))).toStrictEqual(canceled)
  })

  it('Dataverse async operations: integer statecode and statuscode carry no state; a stateField function reads them', () => {
    const operation = (statecode: number, statuscode: number, message: string | null = null) => ({
      '@odata.context':
        'https://org.crm.dynamics.com/api/data/v9.2/$metadata#asyncoperations/$entity',
      asyncoperationid: 'e1d5a6f8-2b4c-4d3e-9f8a-7b6c5d4e3f2a',
      name: 'ImportSolution',
      statecode,
      statuscode,
      message,
      friendlymessage: message,
      completedon: null,
    })
    // Numbers name no state: the body is no status body.
    expect(read(operation(1, 20))).toBeUndefined()
    // statecode 3 is Completed; its statuscode says how: 30 Succeeded, 31 Failed, 32 Canceled.
    const stateField = (body: unknown) => {
      const { statecode, statuscode } = body as { statecode: number; statuscode: number }
      if (statecode !== 3) return 'pending' as const
      return statuscode === 30
        ? ('succeeded' as const)
        : statuscode === 32
          ? ('canceled' as const)
          : ('failed' as const)
    }
    expect(read(operation(0, 0), { stateField })).toStrictEqual(pending)
    expect(read(operation(2, 20), { stateField })).toStrictEqual(pending)
    expect(read(operation(3, 30), { stateField })).toStrictEqual({ inline: operation(3, 30) })
    expect(read(operation(3, 31, 'Solution import failed'), { stateField })).toStrictEqual(
      failed('Solution import failed'),
    )
    expect(read(operation(3, 32), { stateField })).toStrictEqual(canceled)
  })
})

describe('a tenth pass: developer platforms, payments, CRMs and clouds', () => {
  it('Salesforce Bulk API 2.0 query jobs: UploadComplete, InProgress; JobComplete, its rows by template; Failed with errorMessage; Aborted', () => {
    const job = (state: string, more: object = {}) => ({
      id: '750R0000000zhfdIAA',
      operation: 'query',
      object: 'Account',
      createdById: '005R0000000GiwjIAC',
      createdDate: '2024-01-10T00:00:00.000+0000',
      systemModstamp: '2024-01-10T00:00:10.000+0000',
      state,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: 59.0,
      jobType: 'V2Query',
      lineEnding: 'LF',
      columnDelimiter: 'COMMA',
      numberRecordsProcessed: 0,
      retries: 0,
      totalProcessingTime: 0,
      isPkChunkingSupported: true,
      ...more,
    })
    expect(read(job('UploadComplete'))).toStrictEqual(pending)
    expect(read(job('InProgress'))).toStrictEqual(pending)
    const done = job('JobComplete', { numberRecordsProcessed: 1000 })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(
      read(done, { locateResult: '/services/data/v59.0/jobs/query/{id}/results' }),
    ).toStrictEqual({
      link: 'https://api.example.com/services/data/v59.0/jobs/query/750R0000000zhfdIAA/results',
    })
    const error = "INVALID_FIELD: No such column 'Nmae' on entity 'Account'"
    expect(read(job('Failed', { errorMessage: error }))).toStrictEqual(failed(error))
    expect(read(job('Aborted'))).toStrictEqual(canceled)
  })

  it('Confluence async content conversion: QUEUED, WORKING; COMPLETED with its value; FAILED with its error; RERUN is named', () => {
    expect(read({ id: 'a1b2', status: 'QUEUED' })).toStrictEqual(pending)
    expect(read({ id: 'a1b2', status: 'WORKING' })).toStrictEqual(pending)
    const done = {
      id: 'a1b2',
      status: 'COMPLETED',
      value: '<p>Hello</p>',
      representation: 'view',
      webresource: {},
      embeddedContent: [],
    }
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read({ id: 'a1b2', status: 'FAILED', error: 'Macro failed to render' })).toStrictEqual(
      failed('Macro failed to render'),
    )
    // RERUN: the conversion is queued to run again.
    expect(refusal({ id: 'a1b2', status: 'RERUN' })).toContain('Unknown status word "RERUN"')
    expect(read({ id: 'a1b2', status: 'RERUN' }, named('RERUN', 'pending'))).toStrictEqual(pending)
  })

  it('GitHub organization migrations: pending, exporting; exported is named, its archive by template; failed', () => {
    const at = 'https://api.github.com/orgs/octo-org/migrations/79'
    const migration = (state: string) => ({
      id: 79,
      owner: { login: 'octo-org', id: 1 },
      guid: '0b989ba4-242f-11e5-81e1-c7b6966d2516',
      state,
      lock_repositories: true,
      exclude_attachments: false,
      repositories: [{ id: 1296269, full_name: 'octocat/Hello-World' }],
      url: at,
      created_at: '2015-07-06T15:33:38-07:00',
      updated_at: '2015-07-06T15:33:38-07:00',
    })
    expect(read(migration('pending'), {}, at)).toStrictEqual(pending)
    expect(read(migration('exporting'), {}, at)).toStrictEqual(pending)
    // A stage's past participle, like `processed`: the archive is ready, which pollwise does not guess.
    expect(refusal(migration('exported'))).toContain('Unknown status word "exported"')
    const parts = { ...named('exported', 'succeeded'), locateResult: '{+url}/archive' }
    expect(read(migration('exported'), parts, at)).toStrictEqual({ link: `${at}/archive` })
    expect(read(migration('failed'), {}, at)).toMatchObject({ state: 'failed' })
  })

  it('GitHub code scanning SARIF uploads: processing_status pending; complete; failed with its errors', () => {
    const analyses =
      'https://api.github.com/repos/octocat/hello-world/code-scanning/analyses?sarif_id=47'
    expect(read({ processing_status: 'pending', analyses_url: null })).toStrictEqual(pending)
    const done = { processing_status: 'complete', analyses_url: analyses }
    expect(read(done)).toStrictEqual({ inline: done })
    const errors = ['locationFromSarifResult: expected artifact location']
    expect(read({ processing_status: 'failed', analyses_url: null, errors })).toStrictEqual(
      failed(errors),
    )
  })

  it('GitHub Enterprise Importer migrations: the GraphQL node state QUEUED, NOT_STARTED, PENDING_VALIDATION, IN_PROGRESS; SUCCEEDED; FAILED and FAILED_VALIDATION with failureReason', () => {
    const migration = (state: string, failureReason: string | null = null) => ({
      data: {
        node: {
          id: 'RM_kgDaACQzNWUwMWIxNS0yMjhmLTQyNjgtYjU1My02ZGVhOTM0OTZiN2E',
          sourceUrl: 'https://github.com/octo-org/legacy',
          migrationSource: { name: 'GHEC Source' },
          state,
          failureReason,
        },
      },
    })
    for (const state of ['QUEUED', 'NOT_STARTED', 'PENDING_VALIDATION', 'IN_PROGRESS']) {
      expect(read(migration(state))).toStrictEqual(pending)
    }
    expect(read(migration('SUCCEEDED'))).toStrictEqual({ inline: migration('SUCCEEDED').data })
    expect(read(migration('FAILED', 'Repository already exists'))).toStrictEqual(
      failed('Repository already exists'),
    )
    expect(read(migration('FAILED_VALIDATION', 'Invalid source token'))).toStrictEqual(
      failed('Invalid source token'),
    )
  })

  it('Cloudflare D1 exports: result.status active; complete with its signed_url kept inline; error with its error', () => {
    const poll = (status: string, more: object = {}) => ({
      result: {
        at_bookmark: '00000001-00000002-00004e2f-0a83ba8c1e3a4f8c9d8f3c9d7e5b9a1c',
        messages: ['Generating export'],
        status,
        success: status !== 'error',
        type: 'export',
        ...more,
      },
      success: true,
      errors: [],
      messages: [],
    })
    expect(read(poll('active'))).toStrictEqual(pending)
    const file = {
      filename: 'db-00000001.sql',
      signed_url: 'https://b1.r2.cloudflarestorage.com/db-00000001.sql?X-Amz-Signature=abc',
    }
    // A signed_url is named for a kind of link, never fetched by itself: the file's name and link come back.
    expect(read(poll('complete', { result: file }))).toStrictEqual({ inline: file })
    expect(read(poll('error', { error: 'Database is too large to export' }))).toStrictEqual(
      failed('Database is too large to export'),
    )
  })

  it('Cloudflare list bulk operations: pending, running; completed whose `completed` is a time; failed with its error', () => {
    const operation = (status: string, more: object = {}) => ({
      errors: [],
      messages: [],
      success: true,
      result: { id: '4da8780eeb215e6cb7f48dd981c4ea02', status, ...more },
    })
    expect(read(operation('pending'))).toStrictEqual(pending)
    expect(read(operation('running'))).toStrictEqual(pending)
    const done = operation('completed', { completed: '2020-01-01T08:00:00Z' })
    expect(read(done)).toStrictEqual({ inline: done.result })
    expect(
      read(
        operation('failed', {
          completed: '2020-01-01T08:00:00Z',
          error: 'This list is at the maximum number of items',
        }),
      ),
    ).toStrictEqual(failed('This list is at the maximum number of items'))
  })

  it('Linode images: pending_upload, creating; available; deleted is named', () => {
    const image = (status: string) => ({
      id: 'private/15',
      label: 'my-image',
      status,
      type: 'manual',
      size: 2500,
      is_public: false,
      deprecated: false,
      created: '2024-01-01T00:00:00',
      expiry: null,
      eol: null,
      vendor: null,
    })
    expect(read(image('pending_upload'))).toStrictEqual(pending)
    expect(read(image('creating'))).toStrictEqual(pending)
    expect(read(image('available'))).toStrictEqual({ inline: image('available') })
    expect(refusal(image('deleted'))).toContain('Unknown status word "deleted"')
  })

  it('Vultr snapshots: snapshot.status pending; complete', () => {
    const snapshot = (status: string) => ({
      snapshot: {
        id: '8a6c6f22-6a4b-4b0e-9c8f-2c0e3c5b9a1d',
        date_created: '2020-10-10T01:56:20+00:00',
        description: 'Example Snapshot',
        size: 42949672960,
        compressed_size: 949678560,
        status,
        os_id: 215,
        app_id: 0,
      },
    })
    expect(read(snapshot('pending'))).toStrictEqual(pending)
    expect(read(snapshot('complete'))).toStrictEqual({ inline: snapshot('complete') })
  })

  it('Box representations: status.state pending; success; viewable and none are named; error fails', () => {
    const at = 'https://api.box.com/2.0/internal_files/123/versions/345/representations/pdf'
    const representation = (state: string) => ({
      representation: 'pdf',
      properties: {},
      info: { url: at },
      status: { state },
      content: {
        url_template:
          'https://dl.boxcloud.com/api/2.0/internal_files/123/versions/345/representations/pdf/content/{+asset_path}',
      },
    })
    expect(read(representation('pending'), {}, at)).toStrictEqual(pending)
    expect(read(representation('success'), {}, at)).toStrictEqual({
      inline: representation('success'),
    })
    // `viewable`: a video that can be watched while the rest is made; `none`: not made until asked.
    expect(refusal(representation('viewable'))).toContain('Unknown status word "viewable"')
    expect(refusal(representation('none'))).toContain('Unknown status word "none"')
    const parts = {
      ...named('viewable', 'succeeded'),
      locateResult: (body: unknown) =>
        (body as { content: { url_template: string } }).content.url_template.replace(
          '{+asset_path}',
          '',
        ),
    }
    expect(read(representation('viewable'), parts, at)).toStrictEqual({
      link: 'https://dl.boxcloud.com/api/2.0/internal_files/123/versions/345/representations/pdf/content/',
    })
    expect(read(representation('error'), {}, at)).toMatchObject({ state: 'failed' })
  })

  it('Twilio Conversational Intelligence transcripts: queued, in-progress; completed; failed; canceled; its own url and links never taken for the result', () => {
    const at = 'https://intelligence.twilio.com/v2/Transcripts/GT0123456789abcdef0123456789abcdef'
    const transcript = (status: string) => ({
      account_sid: 'AC0123456789abcdef0123456789abcdef',
      service_sid: 'GA0123456789abcdef0123456789abcdef',
      sid: 'GT0123456789abcdef0123456789abcdef',
      date_created: '2024-01-01T00:00:00Z',
      date_updated: '2024-01-01T00:00:10Z',
      status,
      channel: {},
      data_logging: false,
      language_code: 'en-US',
      customer_key: null,
      media_start_time: null,
      duration: 0,
      url: at,
      redaction: true,
      links: {
        sentences: `${at}/Sentences`,
        media: `${at}/Media`,
        operator_results: `${at}/OperatorResults`,
      },
    })
    expect(read(transcript('queued'), {}, at)).toStrictEqual(pending)
    expect(read(transcript('in-progress'), {}, at)).toStrictEqual(pending)
    expect(read(transcript('completed'), {}, at)).toStrictEqual({ inline: transcript('completed') })
    expect(read(transcript('completed'), { locateResult: 'links.sentences' }, at)).toStrictEqual({
      link: `${at}/Sentences`,
    })
    expect(read(transcript('failed'), {}, at)).toMatchObject({ state: 'failed' })
    expect(read(transcript('canceled'), {}, at)).toStrictEqual(canceled)
  })

  it('Twilio Serverless builds: building; completed; failed; the build status resource reads the same', () => {
    const at =
      'https://serverless.twilio.com/v1/Services/ZS00000000000000000000000000000000/Builds/ZB00000000000000000000000000000000'
    const build = (status: string) => ({
      sid: 'ZB00000000000000000000000000000000',
      account_sid: 'AC00000000000000000000000000000000',
      service_sid: 'ZS00000000000000000000000000000000',
      status,
      asset_versions: [],
      function_versions: [{ sid: 'ZN00000000000000000000000000000000', path: '/hello' }],
      dependencies: [{ name: 'twilio', version: '3.29.2' }],
      runtime: 'node18',
      date_created: '2018-11-10T20:00:00Z',
      date_updated: '2018-11-10T20:00:00Z',
      url: at,
      links: { build_status: `${at}/Status` },
    })
    expect(read(build('building'), {}, at)).toStrictEqual(pending)
    expect(read(build('completed'), {}, at)).toStrictEqual({ inline: build('completed') })
    expect(read(build('failed'), {}, at)).toMatchObject({ state: 'failed' })
    const status = {
      sid: 'ZB00000000000000000000000000000000',
      status: 'building',
      url: `${at}/Status`,
    }
    expect(read(status, {}, `${at}/Status`)).toStrictEqual(pending)
  })

  it('Twilio Studio executions: active; ended', () => {
    const at =
      'https://studio.twilio.com/v2/Flows/FW00000000000000000000000000000000/Executions/FN00000000000000000000000000000000'
    const execution = (status: string) => ({
      sid: 'FN00000000000000000000000000000000',
      account_sid: 'AC00000000000000000000000000000000',
      flow_sid: 'FW00000000000000000000000000000000',
      contact_channel_address: '+14155555555',
      context: {},
      status,
      date_created: '2017-11-06T12:00:00Z',
      date_updated: null,
      url: at,
      links: { steps: `${at}/Steps`, execution_context: `${at}/Context` },
    })
    expect(read(execution('active'), {}, at)).toStrictEqual(pending)
    expect(read(execution('ended'), {}, at)).toStrictEqual({ inline: execution('ended') })
  })

  it('Square Terminal checkouts: checkout.status PENDING, IN_PROGRESS, CANCEL_REQUESTED; COMPLETED with its payment_ids; CANCELED with its cancel_reason', () => {
    const checkout = (status: string, more: object = {}) => ({
      checkout: {
        id: '08YceKh7B3ZqO',
        amount_money: { amount: 2610, currency: 'USD' },
        reference_id: 'id11572',
        note: 'A brief note',
        device_options: {
          device_id: 'dbb5d83a-7838-11ea-bc55-0242ac130003',
          skip_receipt_screen: false,
        },
        status,
        created_at: '2020-04-06T16:39:32.545Z',
        updated_at: '2020-04-06T16:39:32.545Z',
        app_id: 'APP_ID',
        deadline_duration: 'PT5M',
        payment_type: 'CARD_PRESENT',
        ...more,
      },
    })
    for (const status of ['PENDING', 'IN_PROGRESS', 'CANCEL_REQUESTED']) {
      expect(read(checkout(status))).toStrictEqual(pending)
    }
    const done = checkout('COMPLETED', { payment_ids: ['dgzrZTeIeVuOGwYgekoTHsPGQaHZY'] })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(checkout('CANCELED', { cancel_reason: 'BUYER_CANCELED' }))).toStrictEqual(canceled)
  })

  it('Square Terminal actions: action.status PENDING, IN_PROGRESS, CANCEL_REQUESTED; COMPLETED with its card; CANCELED', () => {
    const action = (status: string, more: object = {}) => ({
      action: {
        id: 'termapia:jveJIAkkAjILHkdCE',
        device_id: 'DEVICE_ID',
        deadline_duration: 'PT5M',
        status,
        created_at: '2021-07-28T23:22:07.476Z',
        updated_at: '2021-07-28T23:22:29.511Z',
        type: 'SAVE_CARD',
        app_id: 'APP_ID',
        location_id: 'LOCATION_ID',
        ...more,
      },
    })
    for (const status of ['PENDING', 'IN_PROGRESS', 'CANCEL_REQUESTED']) {
      expect(read(action(status))).toStrictEqual(pending)
    }
    const done = action('COMPLETED', {
      save_card_details: { customer_id: 'C1', card_id: 'ccof:abc' },
    })
    expect(read(done)).toStrictEqual({ inline: done })
    expect(read(action('CANCELED', { cancel_reason: 'TIMED_OUT' }))).toStrictEqual(canceled)
  })

  it('HubSpot exports: PENDING, PROCESSING; COMPLETE with the download URL in its result; CANCELED', () => {
    const task = (status: string, more: object = {}) => ({
      status,
      requestedAt: '2024-01-01T00:00:00Z',
      startedAt: '2024-01-01T00:00:01Z',
      links: {},
      ...more,
    })
    expect(read(task('PENDING'))).toStrictEqual(pending)
    expect(read(task('PROCESSING'))).toStrictEqual(pending)
    const url =
      'https://api.hubspot.com/filemanager/api/v2/files/1/signed-url-redirect?portalId=1&sign=x'
    // The result is the link itself, as HubSpot documents it: wait() gives it back.
    expect(
      read(task('COMPLETE', { result: url, completedAt: '2024-01-01T00:00:09Z' })),
    ).toStrictEqual({
      inline: url,
    })
    expect(read(task('COMPLETE', { result: url }), { locateResult: 'result' })).toStrictEqual({
      link: url,
    })
    expect(read(task('CANCELED'))).toStrictEqual(canceled)
  })

  it('Okta identity source sessions: CREATED, TRIGGERED, IN_PROGRESS; COMPLETED; ERROR and EXPIRED fail; CLOSED is named', () => {
    const session = (status: string) => ({
      id: 'aps1qqonvr2SZv6o70h8',
      identitySourceId: '0oa3l6l6WK6h0R0QW0g4',
      status,
      importType: 'INCREMENTAL',
      created: '2022-04-04T15:56:05.000Z',
      lastUpdated: '2022-04-04T15:56:05.000Z',
    })
    for (const status of ['CREATED', 'TRIGGERED', 'IN_PROGRESS']) {
      expect(read(session(status))).toStrictEqual(pending)
    }
    expect(read(session('COMPLETED'))).toStrictEqual({ inline: session('COMPLETED') })
    expect(read(session('ERROR'))).toMatchObject({ state: 'failed' })
    expect(read(session('EXPIRED'))).toMatchObject({ state: 'failed' })
    // CLOSED: the session was closed without an import; a closed thing may as well be finished.
    expect(refusal(session('CLOSED'))).toContain('Unknown status word "CLOSED"')
    expect(read(session('CLOSED'), named('CLOSED', 'canceled'))).toStrictEqual(canceled)
  })

  it('Jira bulk issue operations: ENQUEUED, RUNNING with progressPercent, CANCEL_REQUESTED; COMPLETE; FAILED, its issues named by failureField; DEAD; CANCELLED', () => {
    const task = (status: string, more: object = {}) => ({
      taskId: '10641',
      status,
      progressPercent: 50,
      created: 1704110400000,
      started: 1704110460000,
      updated: 1704110520000,
      submittedBy: { accountId: '5b10a2844c20165700ede21g' },
      totalIssueCount: 4,
      processedAccessibleIssues: [10001],
      failedAccessibleIssues: {},
      invalidOrInaccessibleIssueCount: 0,
      ...more,
    })
    const running = { state: 'pending', progress: { value: 50, scale: 'percent' } }
    for (const status of ['ENQUEUED', 'RUNNING', 'CANCEL_REQUESTED']) {
      expect(read(task(status))).toStrictEqual(running)
    }
    const done = task('COMPLETE', {
      progressPercent: 100,
      processedAccessibleIssues: [10001, 10002],
    })
    expect(read(done)).toStrictEqual({ inline: done })
    const failedIssues = { '10003': ['The issue is locked'] }
    expect(read(task('FAILED', { failedAccessibleIssues: failedIssues }))).toStrictEqual(
      failed(undefined),
    )
    expect(
      read(task('FAILED', { failedAccessibleIssues: failedIssues }), {
        failureField: 'failedAccessibleIssues',
      }),
    ).toStrictEqual(failed(failedIssues))
    expect(read(task('DEAD'))).toMatchObject({ state: 'failed' })
    expect(read(task('CANCELLED'))).toStrictEqual(canceled)
  })

  it('Google Ads batch jobs: the run operation done false, its estimatedCompletionRatio named by progressField; done with an empty response', () => {
    const operation = (done: boolean, more: object = {}) => ({
      name: 'customers/1234567890/operations/8fc4cde8',
      metadata: {
        '@type': 'type.googleapis.com/google.ads.googleads.v17.resources.BatchJob.BatchJobMetadata',
        creationDateTime: '2024-01-01 00:00:00',
        startDateTime: '2024-01-01 00:00:05',
        estimatedCompletionRatio: 0.5,
        operationCount: 10,
        executedOperationCount: 5,
      },
      done,
      ...more,
    })
    expect(read(operation(false))).toStrictEqual(pending)
    const parts = {
      progressField: 'metadata.estimatedCompletionRatio',
      progressScale: 'fraction' as const,
    }
    expect(read(operation(false), parts)).toStrictEqual({
      state: 'pending',
      progress: { value: 0.5, scale: 'fraction' },
    })
    const response = { '@type': 'type.googleapis.com/google.protobuf.Empty' }
    expect(read(operation(true, { response }))).toStrictEqual({ inline: response })
    const error = { code: 3, message: 'Request contains an invalid argument.' }
    expect(read(operation(true, { error }))).toStrictEqual(failed(error))
  })

  it('Stripe Sigma scheduled query runs: completed with its file; failed with its error; canceled; timed_out fails', () => {
    const run = (status: string, more: object = {}) => ({
      id: 'sqr_1Mv4mV2eZvKYlo2C',
      object: 'scheduled_query_run',
      created: 1680000000,
      data_load_time: 1679900000,
      error: null,
      file: null,
      livemode: false,
      result_available_until: 1682592000,
      sql: 'select count(*) from charges',
      status,
      title: 'Charges count',
      ...more,
    })
    const file = {
      id: 'file_1Mv4mV2eZvKYlo2C',
      object: 'file',
      purpose: 'sigma_scheduled_query',
      url: 'https://files.stripe.com/v1/files/file_1Mv4mV2eZvKYlo2C/contents',
      filename: 'charges-count.csv',
    }
    expect(read(run('completed', { file }))).toStrictEqual({ inline: run('completed', { file }) })
    expect(read(run('completed', { file }), { locateResult: 'file.url' })).toStrictEqual({
      link: file.url,
    })
    const error = { message: 'Syntax error at line 1' }
    expect(read(run('failed', { error }))).toStrictEqual(failed(error))
    expect(read(run('canceled'))).toStrictEqual(canceled)
    expect(read(run('timed_out'))).toMatchObject({ state: 'failed' })
  })

  it('Shopify files: the GraphQL node fileStatus UPLOADED, PROCESSING; READY is named; FAILED with its fileErrors', () => {
    const file = (fileStatus: string, fileErrors: object[] = []) => ({
      data: {
        node: {
          id: 'gid://shopify/MediaImage/1072273',
          fileStatus,
          alt: 'A product photo',
          createdAt: '2024-01-01T00:00:00Z',
          fileErrors,
        },
      },
    })
    expect(read(file('UPLOADED'))).toStrictEqual(pending)
    expect(read(file('PROCESSING'))).toStrictEqual(pending)
    expect(refusal(file('READY'))).toContain('Unknown status word "READY" in `fileStatus`')
    expect(read(file('READY'), named('READY', 'succeeded'))).toStrictEqual({
      inline: file('READY').data,
    })
    const fileErrors = [
      {
        code: 'IMAGE_DOWNLOAD_FAILURE',
        details: 'timeout',
        message: 'Image could not be downloaded',
      },
    ]
    expect(read(file('FAILED', fileErrors))).toStrictEqual(failed(fileErrors))
  })
})

describe('an eleventh pass: vector databases, AI batches and signatures', () => {
  it('Zilliz Cloud and Milvus bulk imports: data.state Pending, Importing with progress, Completed; Failed with its reason', () => {
    // POST /v2/vectordb/jobs/import/get_progress: an RPC, read here as its answers come.
    const job = (state: string, progress: number, reason = '') => ({
      code: 0,
      data: { jobId: '448707763884413158', collectionName: 'docs', state, progress, reason },
    })
    expect(read(job('Pending', 0))).toMatchObject(pending)
    expect(read(job('Importing', 50))).toStrictEqual({
      state: 'pending',
      progress: { value: 50, scale: 'unknown' },
    })
    expect(read(job('Completed', 100))).toStrictEqual({ inline: job('Completed', 100).data })
    expect(read(job('Failed', 0, 'the file has no `id` field'))).toStrictEqual(
      failed('the file has no `id` field'),
    )
  })

  it('Milvus index builds: the index listed in data, its indexState named by path; Unissued is named too', () => {
    const index = (indexState: string, failReason = '') => ({
      code: 0,
      data: [{ indexName: 'vector', fieldName: 'vector', indexState, failReason, totalRows: 10 }],
    })
    expect(read(index('InProgress'))).toBeUndefined()
    const parts = { stateField: 'data.0.indexState' }
    expect(read(index('InProgress'), parts)).toStrictEqual(pending)
    expect(read(index('Finished'), parts)).toStrictEqual({ inline: index('Finished').data })
    expect(read(index('Failed', 'dimension mismatch'), parts)).toStrictEqual(
      failed('dimension mismatch'),
    )
    // An index not yet issued to a node: a word of Milvus' own.
    expect(refusal(index('Unissued'), parts)).toContain('Unknown status word "Unissued"')
  })

  it('Qdrant updates: the result envelope beside a status of ok; acknowledged runs, completed resolves with the update', () => {
    const answer = (status: string) => ({
      result: { operation_id: 7, status },
      status: 'ok',
      time: 0.002,
    })
    expect(read(answer('acknowledged'))).toStrictEqual(pending)
    expect(read(answer('completed'))).toStrictEqual({
      inline: { operation_id: 7, status: 'completed' },
    })
  })

  it('Fireworks batch inference jobs: state JOB_STATE_…, the status object {code, message} no state; FAILED with its message', () => {
    const job = (state: string, status: object) => ({
      name: 'accounts/acme/batchInferenceJobs/bij-1',
      state,
      status,
      outputDatasetId: 'out-1',
    })
    const ok = { code: 'OK', message: '' }
    expect(read(job('JOB_STATE_CREATING', ok))).toStrictEqual(pending)
    expect(read(job('JOB_STATE_VALIDATING', ok))).toStrictEqual(pending)
    expect(read(job('JOB_STATE_WRITING_RESULTS', ok))).toStrictEqual(pending)
    expect(read(job('JOB_STATE_COMPLETED', ok))).toStrictEqual({
      inline: job('JOB_STATE_COMPLETED', ok),
    })
    const deadline = { code: 'DEADLINE_EXCEEDED', message: 'the job ran past its window' }
    expect(read(job('JOB_STATE_EXPIRED', deadline))).toStrictEqual(
      failed('the job ran past its window'),
    )
    expect(read(job('JOB_STATE_CANCELLED', { code: 'CANCELLED', message: '' }))).toStrictEqual(
      canceled,
    )
  })

  it('DocuSign envelopes: created runs, completed resolves, declined fails, voided cancels; sent and delivered are named', () => {
    const envelope = (status: string) => ({ envelopeId: 'e-1', uri: '/envelopes/e-1', status })
    expect(read(envelope('created'))).toStrictEqual(pending)
    expect(read(envelope('declined'))).toMatchObject({ state: 'failed' })
    expect(read(envelope('voided'))).toStrictEqual(canceled)
    for (const word of ['sent', 'delivered', 'signed']) {
      expect(refusal(envelope(word))).toContain(`Unknown status word "${word}"`)
    }
    expect(read(envelope('delivered'), named('delivered', 'pending'))).toStrictEqual(pending)
  })

  it('Tableau jobs: the job carries no word, so it is no status body; a stateField function of finishCode reads it', () => {
    const job = (more: object) => ({
      job: { id: 'j-1', mode: 'Asynchronous', type: 'RefreshExtract', createdAt: 'x', ...more },
    })
    expect(read(job({ progress: '50' }))).toBeUndefined()
    // finishCode: 0 succeeded, 1 failed, 2 canceled; absent while the job runs.
    const states = ['succeeded', 'failed', 'canceled'] as const
    const stateField = (body: unknown) => {
      const code = (body as { job: { finishCode?: string } }).job.finishCode
      return code === undefined ? ('pending' as const) : states[Number(code)]
    }
    expect(read(job({ progress: '50' }), { stateField })).toStrictEqual(pending)
    const done = job({ progress: '100', finishCode: '0', completedAt: 'y' })
    expect(read(done, { stateField })).toStrictEqual({ inline: done })
    expect(read(job({ finishCode: '1', notes: 'Bad credentials' }), { stateField })).toMatchObject({
      state: 'failed',
    })
    expect(read(job({ finishCode: '2' }), { stateField })).toStrictEqual(canceled)
  })

  it('Coconut jobs: job.starting and job.transcoding run, job.completed resolves with its outputs, job.failed with its errors', () => {
    expect(read({ id: 'j', status: 'job.starting', progress: '0%' })).toStrictEqual(pending)
    expect(read({ id: 'j', status: 'job.transcoding', progress: '25%' })).toStrictEqual(pending)
    const outputs = [
      { key: 'mp4:720p', status: 'video.encoded', url: 'https://s3.example.com/720p.mp4' },
    ]
    expect(read({ id: 'j', status: 'job.completed', progress: '100%', outputs })).toStrictEqual({
      inline: outputs,
    })
    expect(
      read({ id: 'j', status: 'job.failed', errors: { message: 'input unreachable' } }),
    ).toStrictEqual(failed({ message: 'input unreachable' }))
  })

  it('Wistia and JW Player media: queued and processing run; ready is refused, as Mux’s', () => {
    expect(read({ hashed_id: 'h', status: 'queued', progress: 0 })).toMatchObject(pending)
    expect(read({ id: 'm', status: 'processing' })).toStrictEqual(pending)
    expect(refusal({ hashed_id: 'h', status: 'ready', progress: 1 })).toContain('"ready"')
    expect(read({ id: 'm', status: 'failed', error_message: 'unsupported codec' })).toStrictEqual(
      failed('unsupported codec'),
    )
  })

  it('Suno API generation tasks: PENDING, TEXT_SUCCESS and FIRST_SUCCESS run; SUCCESS with its response; the …_FAILED words fail', () => {
    const task = (status: string, more: object = {}) => ({
      code: 200,
      msg: 'success',
      data: { taskId: 't-1', status, response: null, errorMessage: null, ...more },
    })
    expect(read(task('PENDING'))).toStrictEqual(pending)
    // The lyrics, then the first of two tracks, are stages done: the task goes on.
    expect(read(task('TEXT_SUCCESS'))).toStrictEqual(pending)
    expect(read(task('FIRST_SUCCESS'))).toStrictEqual(pending)
    const response = { sunoData: [{ id: 'a-1', audioUrl: 'https://cdn.example.com/a-1.mp3' }] }
    expect(read(task('SUCCESS', { response }))).toStrictEqual({ inline: response })
    expect(read(task('GENERATE_AUDIO_FAILED', { errorMessage: 'model overloaded' }))).toStrictEqual(
      failed('model overloaded'),
    )
    expect(read(task('SENSITIVE_WORD_ERROR', { errorMessage: 'lyrics refused' }))).toStrictEqual(
      failed('lyrics refused'),
    )
  })

  it('JSON2Video movies: the movie envelope beside success; running, done with its url fetched, error with its message', () => {
    const answer = (movie: object) => ({ success: true, movie: { success: true, ...movie } })
    expect(
      read(answer({ status: 'running', message: 'Rendering scene 2', url: null })),
    ).toStrictEqual(pending)
    expect(read(answer({ status: 'done', url: 'https://assets.example.com/m.mp4' }))).toStrictEqual(
      {
        link: 'https://assets.example.com/m.mp4',
      },
    )
    expect(
      read(answer({ success: false, status: 'error', message: 'Template not found' })),
    ).toStrictEqual(failed('Template not found'))
  })

  it('Judge0 submissions: a status object of an id and a description is refused, naming stateField; a function of its id reads it', () => {
    const submission = (id: number, description: string, more: object = {}) => ({
      token: 'd85cd024-1548-4165-96c7-7bc88673f194',
      stdout: null,
      stderr: null,
      compile_output: null,
      message: null,
      status: { id, description },
      ...more,
    })
    expect(refusal(submission(1, 'In Queue'))).toContain(
      'name where the state is with `stateField`',
    )
    // 1 In Queue, 2 Processing, 3 Accepted; from 4 (Wrong Answer) on, the run went wrong.
    const stateField = (body: unknown) => {
      const { id } = (body as { status: { id: number } }).status
      return id <= 2
        ? ('pending' as const)
        : id === 3
          ? ('succeeded' as const)
          : ('failed' as const)
    }
    expect(read(submission(2, 'Processing'), { stateField })).toStrictEqual(pending)
    const accepted = submission(3, 'Accepted', { stdout: 'hello\n', time: '0.001' })
    expect(read(accepted, { stateField })).toStrictEqual({ inline: accepted })
    const compileError = submission(6, 'Compilation Error', { compile_output: 'main.c:1: error' })
    expect(read(compileError, { stateField, failureField: 'compile_output' })).toStrictEqual(
      failed('main.c:1: error'),
    )
  })
})
