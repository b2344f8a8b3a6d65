import { describe, expect, it } from 'vitest'
import {
  createRecordDecoder,
  type RecordDecoder,
  RecordTooLargeError,
  type StreamRecord,
} from '../../src/http/stream-records.js'

const encoder = new TextEncoder()
const mib = 1024 * 1024
const eventStream = 'text/event-stream'
const ndjson = 'application/x-ndjson'
const jsonSeq = 'application/json-seq'
const RS = '\u001e'

const bytes = (text: string) => encoder.encode(text)
const message = (data: string): StreamRecord => ({ data, event: 'message' })

/** Feeds `chunks` in order, then ends the stream: every record, and the decoder to inspect. */
function decode(
  mediaType: string,
  chunks: readonly (string | Uint8Array)[],
  maxRecordBytes = mib,
): { records: StreamRecord[]; decoder: RecordDecoder } {
  const decoder = createRecordDecoder(mediaType, maxRecordBytes)
  const records = chunks.flatMap((chunk) =>
    decoder.push(typeof chunk === 'string' ? bytes(chunk) : chunk),
  )
  return { records: [...records, ...decoder.end()], decoder }
}

/** The records of a whole event stream given in one chunk. */
const events = (stream: string | Uint8Array) => decode(eventStream, [stream]).records

const oneByteAtATime = (whole: Uint8Array) =>
  Array.from(whole, (_, index) => whole.subarray(index, index + 1))

/** The stream cut in two at every place, the empty halves included. */
const everySplit = (whole: Uint8Array) =>
  Array.from({ length: whole.length + 1 }, (_, at) => [whole.subarray(0, at), whole.subarray(at)])

describe('createRecordDecoder', () => {
  it('refuses a media type that is not a stream of records', () => {
    expect(() => createRecordDecoder('application/json', mib)).toThrow(TypeError)
    expect(() => createRecordDecoder('application/json', mib)).toThrow('"application/json"')
  })

  it.each([0, -1, Number.NaN])('refuses a maxRecordBytes of %s', (max) => {
    expect(() => createRecordDecoder(eventStream, max)).toThrow('maxRecordBytes')
  })
})

describe('Server-Sent Events: the examples of the HTML standard', () => {
  it('joins the data lines of one event with "\\n"', () => {
    expect(events('data: YHOO\ndata: +2\ndata: 10\n\n')).toEqual([message('YHOO\n+2\n10')])
  })

  it('ignores a comment, sets and resets the last event ID, strips one leading space only', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    expect(decoder.push(bytes(': test stream\n\n'))).toEqual([])
    expect(decoder.lastEventId).toBeUndefined()
    expect(decoder.push(bytes('data: first event\nid: 1\n\n'))).toEqual([message('first event')])
    expect(decoder.lastEventId).toBe('1')
    expect(decoder.push(bytes('data:second event\nid\n\n'))).toEqual([message('second event')])
    expect(decoder.lastEventId).toBe('')
    expect(decoder.push(bytes('data:  third event\n\n'))).toEqual([message(' third event')])
    expect(decoder.lastEventId).toBe('')
  })

  it('fires "" for a bare data line, "\\n" for two, and discards the last event without its blank line', () => {
    expect(events('data\n\ndata\ndata\n\ndata:')).toEqual([message(''), message('\n')])
  })

  it('reads "data:test" and "data: test" alike', () => {
    expect(events('data:test\n\ndata: test\n\n')).toEqual([message('test'), message('test')])
  })

  it('gives each event its type', () => {
    const stream =
      'event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n'
    expect(events(stream)).toEqual([
      { data: '73857293', event: 'add' },
      { data: '2153', event: 'remove' },
      { data: '113411', event: 'add' },
    ])
  })
})

describe('Server-Sent Events: fields', () => {
  it('removes only one space after the colon, and no other whitespace', () => {
    expect(events('data:  two\n\ndata:\tTab\n\ndata: trailing \n\n')).toEqual([
      message(' two'),
      message('\tTab'),
      message('trailing '),
    ])
  })

  it('keeps the colons after the first in the value', () => {
    expect(events('data: a: b\n\ndata::x\n\n')).toEqual([message('a: b'), message(':x')])
  })

  it('reads a line without a colon as a field with an empty value', () => {
    expect(events('event\ndata\n\n')).toEqual([message('')])
    expect(events('event: add\nevent\ndata: x\n\n')).toEqual([message('x')])
  })

  it('ignores unknown fields, and field names are case-sensitive', () => {
    expect(events('foo: bar\nData: no\ndata: yes\nDATA: no\n\n')).toEqual([message('yes')])
  })

  it('ignores comments between data lines', () => {
    expect(events(': hello\ndata: a\n: between\ndata: b\n:\n\n')).toEqual([message('a\nb')])
  })

  it('returns nothing for comments and blank lines alone (heartbeats)', () => {
    expect(events(':\n\n: keep-alive\n\n\n\n\r\n\r')).toEqual([])
  })

  it('resets the event type after each event, also after one without data', () => {
    expect(events('event: add\ndata: 1\n\ndata: 2\n\nevent: ignored\n\ndata: 3\n\n')).toEqual([
      { data: '1', event: 'add' },
      message('2'),
      message('3'),
    ])
  })

  it('takes the last event field of an event', () => {
    expect(events('event: first\nevent: second\ndata: x\n\n')).toEqual([
      { data: 'x', event: 'second' },
    ])
  })

  it('names an event with an empty event field "message"', () => {
    expect(events('event:\ndata: x\n\n')).toEqual([message('x')])
  })
})

describe('Server-Sent Events: id and retry', () => {
  it('has no last event ID before an id field, and keeps it across events', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    expect(decoder.lastEventId).toBeUndefined()
    decoder.push(bytes('id: 7\ndata: a\n\ndata: b\n\n'))
    expect(decoder.lastEventId).toBe('7')
  })

  it('keeps the last event ID of the last event dispatched, not of one cut before its blank line', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    decoder.push(bytes('id: 41\ndata: a\n\ndata: b\nid: 42\n'))
    expect(decoder.lastEventId).toBe('41')
    decoder.push(bytes('\n'))
    expect(decoder.lastEventId).toBe('42')
  })

  it('empties the last event ID for "id:" with no value', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    decoder.push(bytes('id: 5\n\nid:\n\n'))
    expect(decoder.lastEventId).toBe('')
  })

  it('ignores an id containing NUL', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    const records = decoder.push(bytes('id: 5\ndata: a\n\nid: 6\u0000\ndata: b\n\nid: \u0000\n\n'))
    expect(records).toEqual([message('a'), message('b')])
    expect(decoder.lastEventId).toBe('5')
  })

  it('keeps an id with other characters as sent', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    decoder.push(bytes('id: job 7: é \n\n'))
    expect(decoder.lastEventId).toBe('job 7: é ')
  })

  it('sets the reconnection time from a retry field of ASCII digits only', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    expect(decoder.retryMs).toBeUndefined()
    decoder.push(bytes('retry: 5000\n'))
    expect(decoder.retryMs).toBe(5000)
    for (const value of ['1a', '-1', '', ' 10', '1.5', '1e3', '+7', '\u0661\u0662', '10 ']) {
      decoder.push(bytes(`retry: ${value}\n`))
      expect(decoder.retryMs, `retry: ${value}`).toBe(5000)
    }
    decoder.push(bytes('retry:250\n'))
    expect(decoder.retryMs).toBe(250)
    decoder.push(bytes('retry: 0\n'))
    expect(decoder.retryMs).toBe(0)
  })

  it('reads a retry too long for a timer as the longest one, 2^31-1 ms', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    decoder.push(bytes(`retry: ${'9'.repeat(400)}\n`))
    expect(decoder.retryMs).toBe(2 ** 31 - 1)
  })

  it('ignores a retry field before any valid one', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    decoder.push(bytes('retry: soon\ndata: x\n\n'))
    expect(decoder.retryMs).toBeUndefined()
  })

  it('dispatches nothing for id and retry alone', () => {
    expect(events('id: 1\nretry: 10\n\n')).toEqual([])
  })
})

describe('Server-Sent Events: line ends', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('ends lines with %s', (_, end) => {
    const stream = `: c${end}event: add${end}data: a${end}data: b${end}${end}data: c${end}${end}`
    expect(events(stream)).toEqual([{ data: 'a\nb', event: 'add' }, message('c')])
  })

  it('reads a mix of line ends in one stream', () => {
    expect(events('data: a\r\ndata: b\rdata: c\n\r\ndata: d\r\r')).toEqual([
      message('a\nb\nc'),
      message('d'),
    ])
  })

  it('reads LF then CR as two line ends, and CRLF as one', () => {
    expect(events('data: a\n\rdata: b\r\n\r\n')).toEqual([message('a'), message('b')])
  })

  it('reads a CR at the end of a chunk and the LF at the start of the next as one line end', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    expect(decoder.push(bytes('data: a\r'))).toEqual([])
    expect(decoder.push(bytes('\ndata: b\r'))).toEqual([])
    expect(decoder.push(bytes('\n\r'))).toEqual([message('a\nb')])
    expect(decoder.push(bytes('\ndata: c\r'))).toEqual([])
    expect(decoder.push(bytes('\r'))).toEqual([message('c')])
  })

  it('reads a CR, an empty chunk, then LF as one line end', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    decoder.push(bytes('data: a\r'))
    expect(decoder.push(new Uint8Array(0))).toEqual([])
    expect(decoder.push(bytes('\n'))).toEqual([])
    expect(decoder.push(bytes('\r\n'))).toEqual([message('a')])
  })

  it('gives the same records wherever the chunks are cut', () => {
    const whole = bytes(
      '\uFEFF: hi\r\nevent: add\rdata: é€😀\r\nid: 1\n\r\ndata:x\r\rretry: 30\n\ndata\n\n',
    )
    const expected = [{ data: 'é€😀', event: 'add' }, message('x'), message('')]
    expect(events(whole)).toEqual(expected)
    for (const chunks of everySplit(whole)) {
      const { records, decoder } = decode(eventStream, chunks)
      expect(records).toEqual(expected)
      expect(decoder.lastEventId).toBe('1')
      expect(decoder.retryMs).toBe(30)
    }
  })

  it('gives the same records fed one byte at a time as in one chunk', () => {
    const whole = bytes(
      ': start\r\nid: 1\ndata: {"status":"running","note":"ünïcödé ✓"}\r\n\r\nevent: done\rdata: {"status":"succeeded"}\r\rdata: last',
    )
    const atOnce = decode(eventStream, [whole])
    const byBytes = decode(eventStream, oneByteAtATime(whole))
    expect(byBytes.records).toEqual(atOnce.records)
    expect(byBytes.records).toEqual([
      message('{"status":"running","note":"ünïcödé ✓"}'),
      { data: '{"status":"succeeded"}', event: 'done' },
    ])
    expect(byBytes.decoder.lastEventId).toBe('1')
  })
})

describe('Server-Sent Events: text', () => {
  it('decodes a UTF-8 character split across chunks', () => {
    const whole = bytes('data: 😀€é\n\n')
    // 😀 is 4 bytes from index 6: cut inside it, and inside € and é after it.
    for (const at of [7, 8, 9, 11, 13]) {
      const { records } = decode(eventStream, [whole.subarray(0, at), whole.subarray(at)])
      expect(records).toEqual([message('😀€é')])
    }
  })

  it('decodes a character split across three chunks', () => {
    const whole = bytes('data: 😀\n\n')
    const chunks = [whole.subarray(0, 7), whole.subarray(7, 9), whole.subarray(9)]
    expect(decode(eventStream, chunks).records).toEqual([message('😀')])
  })

  it('reads bytes that are not UTF-8 as U+FFFD, without spilling into the next line', () => {
    const whole = new Uint8Array([...bytes('data: a'), 0xff, 0x0a, ...bytes('data: '), 0xe2, 0x82])
    const stream = new Uint8Array([...whole, ...bytes('\ndata: b\n\n')])
    expect(events(stream)).toEqual([message('a\uFFFD\n\uFFFD\nb')])
  })

  it('drops a byte order mark at the start of the stream', () => {
    expect(events('\uFEFFdata: a\n\n')).toEqual([message('a')])
  })

  it('drops a byte order mark split across chunks', () => {
    const { records } = decode(eventStream, oneByteAtATime(bytes('\uFEFFdata: a\n\n')))
    expect(records).toEqual([message('a')])
  })

  it('drops only the first byte order mark', () => {
    // A second one is part of the next line's field name, which then is unknown.
    expect(events('\uFEFFdata: a\n\n\uFEFFdata: b\n\n')).toEqual([message('a')])
    expect(events('\uFEFF\uFEFFdata: a\n\n')).toEqual([])
  })

  it('keeps a byte order mark inside the data', () => {
    expect(events('data: \uFEFFa\n\n')).toEqual([message('\uFEFFa')])
  })

  it('reads a chunk whose buffer the caller then reuses', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    const buffer = new Uint8Array(8)
    buffer.set(bytes('data: ab'))
    expect(decoder.push(buffer)).toEqual([])
    buffer.set(bytes('cd\n\nXXXX'))
    expect(decoder.push(buffer.subarray(0, 4))).toEqual([message('abcd')])
  })
})

describe('Server-Sent Events: the end of the stream', () => {
  it('discards an event without its blank line', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    expect(decoder.push(bytes('data: a\n\ndata: b\n'))).toEqual([message('a')])
    expect(decoder.end()).toEqual([])
  })

  it('does not read a last line without its end', () => {
    const decoder = createRecordDecoder(eventStream, mib)
    decoder.push(bytes('data: a\n\nid: 9'))
    expect(decoder.end()).toEqual([])
    expect(decoder.lastEventId).toBeUndefined()
  })

  it('has nothing to give for an empty stream', () => {
    expect(events('')).toEqual([])
  })
})

describe('NDJSON', () => {
  it.each([
    'application/x-ndjson',
    'application/ndjson',
    'application/jsonl',
    'application/x-jsonlines',
  ])('reads each line of %s as a record', (mediaType) => {
    const { records } = decode(mediaType, ['{"a":1}\n{"b":2}\n'])
    expect(records).toStrictEqual([{ data: '{"a":1}' }, { data: '{"b":2}' }])
  })

  it('returns each line as soon as its newline arrives', () => {
    const decoder = createRecordDecoder(ndjson, mib)
    expect(decoder.push(bytes('{"status":'))).toEqual([])
    expect(decoder.push(bytes('"running"}\n{"sta'))).toEqual([{ data: '{"status":"running"}' }])
    expect(decoder.push(bytes('tus":"done"}\n'))).toEqual([{ data: '{"status":"done"}' }])
    expect(decoder.end()).toEqual([])
  })

  it('returns the last line without a newline at the end of the stream', () => {
    const decoder = createRecordDecoder(ndjson, mib)
    expect(decoder.push(bytes('{"a":1}\n{"b"'))).toEqual([{ data: '{"a":1}' }])
    expect(decoder.push(bytes(':2}'))).toEqual([])
    expect(decoder.end()).toEqual([{ data: '{"b":2}' }])
  })

  it('drops a last line the stream cut short: only a whole object or array needs no newline', () => {
    expect(decode(ndjson, ['{"a":1}\n{"status":"runn']).records).toEqual([{ data: '{"a":1}' }])
    expect(decode(ndjson, ['{"a":1}\n[1,2']).records).toEqual([{ data: '{"a":1}' }])
    expect(decode(ndjson, ['{"a":1}\n12']).records).toEqual([{ data: '{"a":1}' }])
  })

  it('tolerates CRLF, skips blank lines and trims whitespace', () => {
    const { records } = decode(ndjson, ['\r\n  {"a":1}  \r\n\n \t \n{"b":2}\r\n\r\n   \r\n'])
    expect(records).toEqual([{ data: '{"a":1}' }, { data: '{"b":2}' }])
  })

  it('gives nothing at the end for a last line of whitespace', () => {
    expect(decode(ndjson, ['{"a":1}\n  \r']).records).toEqual([{ data: '{"a":1}' }])
  })

  it('ends a line with LF only: a lone CR stays in it', () => {
    expect(decode(ndjson, ['1\r2\n']).records).toEqual([{ data: '1\r2' }])
  })

  it('keeps SSE syntax as plain text', () => {
    expect(decode(ndjson, ['data: x\n: y\n']).records).toEqual([
      { data: 'data: x' },
      { data: ': y' },
    ])
  })

  it('has no last event ID or retry', () => {
    const { decoder } = decode(ndjson, ['id: 1\nretry: 5\n'])
    expect(decoder.lastEventId).toBeUndefined()
    expect(decoder.retryMs).toBeUndefined()
  })

  it('gives the same records wherever the chunks are cut, and one byte at a time', () => {
    const whole = bytes('\uFEFF{"note":"😀 é"}\r\n\n{"b":2}\n{"c":3}')
    const expected = [{ data: '{"note":"😀 é"}' }, { data: '{"b":2}' }, { data: '{"c":3}' }]
    for (const chunks of everySplit(whole)) {
      expect(decode(ndjson, chunks).records).toEqual(expected)
    }
    expect(decode(ndjson, oneByteAtATime(whole)).records).toEqual(expected)
  })
})

describe('json-seq', () => {
  it('reads the texts between record separators, trimmed', () => {
    const { records } = decode(jsonSeq, [`${RS}{"a":1}\n${RS}{"b":2}\n`])
    expect(records).toStrictEqual([{ data: '{"a":1}' }, { data: '{"b":2}' }])
  })

  it('hands on an object or an array at the line feed after which it parses whole', () => {
    const decoder = createRecordDecoder(jsonSeq, mib)
    expect(decoder.push(bytes(`${RS}{"a":1}\n`))).toEqual([{ data: '{"a":1}' }])
    expect(decoder.push(bytes(`${RS}{"b":`))).toEqual([])
    expect(decoder.push(bytes('2}'))).toEqual([])
    expect(decoder.push(bytes('\n'))).toEqual([{ data: '{"b":2}' }])
    expect(decoder.push(bytes(`${RS}[1,\n2]\n`))).toEqual([{ data: '[1,\n2]' }])
    expect(decoder.end()).toEqual([])
  })

  it('holds any other text until the next separator or the end: a number could go on', () => {
    const decoder = createRecordDecoder(jsonSeq, mib)
    expect(decoder.push(bytes(`${RS}12\n`))).toEqual([])
    expect(decoder.push(bytes(`${RS}"done"\n`))).toEqual([{ data: '12' }])
    expect(decoder.end()).toEqual([{ data: '"done"' }])
  })

  it('hands on a text cut short at the next separator, as it is: its reader refuses it', () => {
    const { records } = decode(jsonSeq, [`${RS}{"a":\n${RS}{"b":2}\n`])
    expect(records).toEqual([{ data: '{"a":' }, { data: '{"b":2}' }])
  })

  it('drops a text cut short by the next separator or the end (RFC 7464, 2.3 and 2.4)', () => {
    const { records } = decode(jsonSeq, [`${RS}{"status":"runn${RS}{"b":2}\n${RS}{"c":`])
    expect(records).toEqual([{ data: '{"b":2}' }])
    expect(decode(jsonSeq, [`${RS}{"a":1}\n${RS}12`]).records).toEqual([{ data: '{"a":1}' }])
  })

  it('hands on a whole object or array with no line feed after it', () => {
    const { records } = decode(jsonSeq, [`${RS}{"a":1}${RS}[2]`])
    expect(records).toEqual([{ data: '{"a":1}' }, { data: '[2]' }])
  })

  it('keeps the line breaks inside a record', () => {
    const { records } = decode(jsonSeq, [`${RS}{\n  "a": 1\n}\n${RS}2\n`])
    expect(records).toEqual([{ data: '{\n  "a": 1\n}' }, { data: '2' }])
  })

  it('skips empty records', () => {
    expect(decode(jsonSeq, [`${RS}${RS}\n${RS}1\n${RS} \n`]).records).toEqual([{ data: '1' }])
  })

  it('counts no bracket inside a string, escaped quotes included', () => {
    const decoder = createRecordDecoder(jsonSeq, mib)
    expect(decoder.push(bytes(`${RS}{"a": "}\\"]\\\\",\n`))).toEqual([])
    expect(decoder.push(bytes('"b": ["{"]}\n'))).toEqual([
      { data: '{"a": "}\\"]\\\\",\n"b": ["{"]}' },
    ])
  })

  it('hands on a text that goes on past its closing bracket at the next separator only', () => {
    const decoder = createRecordDecoder(jsonSeq, mib)
    expect(decoder.push(bytes(`${RS}{"a":1} x\n`))).toEqual([])
    expect(decoder.push(bytes('{"b":2}\n'))).toEqual([])
    expect(decoder.push(bytes(`${RS}[]\n`))).toEqual([
      { data: '{"a":1} x\n{"b":2}' },
      { data: '[]' },
    ])
  })

  it('reads a record of many lines in time, parsing it once (not again at each line)', () => {
    const lines = 25_000
    const started = performance.now()
    const { records } = decode(jsonSeq, [`${RS}[{}\n${',{}\n'.repeat(lines)}]\n`], 16 * mib)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(records).toHaveLength(1)
    expect(JSON.parse(records[0]?.data ?? '')).toHaveLength(lines + 1)
  })

  it('gives the same records one byte at a time', () => {
    const whole = bytes(`${RS}{"a":"é"}\n${RS}{"b":2}\n`)
    expect(decode(jsonSeq, oneByteAtATime(whole)).records).toEqual([
      { data: '{"a":"é"}' },
      { data: '{"b":2}' },
    ])
  })
})

describe('the bound on a record', () => {
  const tooLarge = (run: () => unknown, max: number) => {
    let caught: unknown
    try {
      run()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(RecordTooLargeError)
    expect(caught).toMatchObject({
      name: 'RecordTooLargeError',
      maxRecordBytes: max,
      message: expect.stringContaining(`larger than maxRecordBytes (${max} bytes)`),
    })
  }

  it('takes an NDJSON line of exactly maxRecordBytes, and not one byte more', () => {
    // 100 bytes, a whole JSON array, so that the last one needs no newline.
    const line = `["${'x'.repeat(96)}"]`
    expect(decode(ndjson, [`${line}\n${line}`], 100).records).toHaveLength(2)
    tooLarge(() => decode(ndjson, [`${line}y\n`], 100), 100)
    tooLarge(() => decode(ndjson, [`${line}y`], 100), 100)
    tooLarge(() => decode(ndjson, oneByteAtATime(bytes(`${line}y`)), 100), 100)
  })

  it('counts bytes, not characters', () => {
    // 51 characters, 101 bytes.
    tooLarge(() => decode(ndjson, [`${'é'.repeat(50)}x\n`], 100), 100)
    expect(decode(ndjson, [`${'é'.repeat(50)}\n`], 100).records).toHaveLength(1)
  })

  it('stops an endless NDJSON line as soon as it passes the bound', () => {
    const decoder = createRecordDecoder(ndjson, 10 * 1024)
    const chunk = bytes('x'.repeat(1024))
    for (let pushes = 1; pushes <= 10; pushes++) expect(decoder.push(chunk)).toEqual([])
    tooLarge(() => decoder.push(chunk), 10 * 1024)
  })

  it('stops an endless SSE line as soon as it passes the bound', () => {
    const decoder = createRecordDecoder(eventStream, 10 * 1024)
    expect(decoder.push(bytes('data: ok\n\n'))).toEqual([message('ok')])
    const chunk = bytes(':'.repeat(1024))
    for (let pushes = 1; pushes <= 10; pushes++) expect(decoder.push(chunk)).toEqual([])
    tooLarge(() => decoder.push(chunk), 10 * 1024)
  })

  it('stops a long SSE line in one chunk', () => {
    tooLarge(() => decode(eventStream, [`data: ${'x'.repeat(200)}\n\n`], 100), 100)
  })

  it('bounds the data of one SSE event together with the line being read', () => {
    // Each line is 10 bytes and adds 5 ("abcd\n") to the data: 19 lines hold 95 bytes, and the
    // 20th line would make 105.
    const lines = (count: number) => 'data: abcd\n'.repeat(count)
    const { records } = decode(eventStream, [`${lines(19)}\n`], 100)
    expect(records).toEqual([message(Array(19).fill('abcd').join('\n'))])
    const decoder = createRecordDecoder(eventStream, 100)
    for (let line = 1; line <= 19; line++) decoder.push(bytes('data: abcd\n'))
    tooLarge(() => decoder.push(bytes('data: abcd\n')), 100)
    tooLarge(() => decode(eventStream, [lines(20)], 100), 100)
    tooLarge(() => decode(eventStream, oneByteAtATime(bytes(lines(20))), 100), 100)
  })

  it('keeps the start of the record too large, as received, for an excerpt', () => {
    const startOf = (run: () => unknown) => {
      try {
        run()
      } catch (error) {
        return (error as RecordTooLargeError).start
      }
      return undefined
    }
    const endless = createRecordDecoder(ndjson, 10 * 1024)
    for (let pushes = 1; pushes <= 10; pushes++) endless.push(bytes('é'.repeat(512)))
    expect(startOf(() => endless.push(bytes('x')))).toBe('é'.repeat(500))
    expect(startOf(() => decode(ndjson, [`{"a":"${'x'.repeat(200)}"}\n`], 100))).toBe(
      `{"a":"${'x'.repeat(200)}"}`,
    )
    // SSE: the event's data so far, then the line being read.
    expect(startOf(() => decode(eventStream, ['data: abcd\n'.repeat(20)], 100))).toBe(
      `${'abcd\n'.repeat(19)}data: abcd`,
    )
    expect(startOf(() => decode(jsonSeq, [`${RS}{"a":\n${'1'.repeat(60)}\n`], 50))).toBe(
      `{"a":\n${'1'.repeat(60)}`,
    )
  })

  it('bounds a json-seq record across its line breaks', () => {
    tooLarge(() => decode(jsonSeq, [`${RS}${'[\n'.repeat(30)}`], 50), 50)
    expect(decode(jsonSeq, [`${RS}${'1\n'.repeat(20)}`.repeat(10)], 50).records).toHaveLength(10)
  })

  it('never throws for many small records well under the bound', () => {
    const count = 2000
    const sse = bytes(
      Array.from({ length: count }, (_, n) => `: beat\nid: ${n}\ndata: {"n":${n}}\n\n`).join(''),
    )
    const lines = bytes(Array.from({ length: count }, (_, n) => `{"n":${n}}\n`).join(''))
    for (const chunkSize of [1, 7, 4096, sse.length]) {
      const chunks = (whole: Uint8Array) =>
        Array.from({ length: Math.ceil(whole.length / chunkSize) }, (_, index) =>
          whole.subarray(index * chunkSize, (index + 1) * chunkSize),
        )
      const fromSse = decode(eventStream, chunks(sse), 64)
      expect(fromSse.records).toHaveLength(count)
      expect(fromSse.records.at(-1)).toEqual(message(`{"n":${count - 1}}`))
      expect(fromSse.decoder.lastEventId).toBe(String(count - 1))
      expect(decode(ndjson, chunks(lines), 64).records).toHaveLength(count)
    }
  })

  it('reads a long line in small chunks in time that grows with its length only', () => {
    const line = `data: ${'x'.repeat(4 * mib)}`
    const whole = bytes(`${line}\n\n`)
    const chunks = Array.from({ length: Math.ceil(whole.length / 256) }, (_, index) =>
      whole.subarray(index * 256, (index + 1) * 256),
    )
    const started = performance.now()
    const { records } = decode(eventStream, chunks, 8 * mib)
    expect(records).toHaveLength(1)
    expect(records[0]?.data).toHaveLength(4 * mib)
    // Linear work takes some milliseconds; scanning the held line again on each of the 16,000
    // chunks would take minutes.
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
