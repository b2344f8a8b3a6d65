import { describe, expect, it } from 'vitest'
import { ProtocolError } from '../../src/errors.js'
import { createReading } from '../../src/protocols/reading/reading.js'
import type { ConventionParts } from '../../src/types/conventions.js'
import type { Observation, StatusResponse } from '../../src/types/protocol.js'

// Status bodies as public long-running-operation APIs document them, read with zero
// configuration or with the one option their docs make necessary. Each answers: what would
// `wait()` do with this body — keep polling, resolve with what, or reject with what.

const statusUrl = 'https://api.example.com/v1/jobs/7'

function response(body: unknown): StatusResponse {
  return { httpStatus: 200, headers: new Headers(), url: statusUrl, body }
}

/** An observation with a link result shown as its href, so it compares as plain data. */
function read(body: unknown, parts: ConventionParts = {}): unknown {
  const observation: Observation | undefined = createReading(parts).observe(response(body))
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
