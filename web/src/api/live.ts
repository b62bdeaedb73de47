// Server-Sent Events from the gateway's `GET /live`, read with fetch rather than EventSource: EventSource
// cannot send the Authorization header, and the access token must not travel in a URL (logs keep URLs).
import type { Session } from './session.js'

export interface LiveEvent {
  /** The stream sequence: what `Last-Event-ID` resumes after. */
  id: string
  /** The event's subject in the catalogue (`billing.payment.recorded`). */
  type: string
  data: unknown
}

/** Splits an event-stream text into events; returns them and the unfinished rest. Comments (heartbeats) are skipped. */
export function parseEventStream (buffer: string): { events: LiveEvent[], rest: string } {
  const events: LiveEvent[] = []
  const blocks = buffer.replace(/\r\n?/g, '\n').split('\n\n')
  const rest = blocks.pop() ?? ''
  for (const block of blocks) {
    let id = ''
    let type = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue
      const colon = line.indexOf(':')
      const field = colon === -1 ? line : line.slice(0, colon)
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
      if (field === 'id') id = value
      else if (field === 'event') type = value
      else if (field === 'data') data.push(value)
    }
    if (data.length === 0) continue
    let parsed: unknown
    try { parsed = JSON.parse(data.join('\n')) } catch { parsed = data.join('\n') }
    events.push({ id, type, data: parsed })
  }
  return { events, rest }
}

/**
 * Keeps a live connection while the session lasts: reconnects after a drop or a new access token, resuming
 * after the last event seen. Returns a function that stops it.
 */
export function followLiveEvents (session: Session, onEvent: (event: LiveEvent) => void, options: { baseUrl?: string, retryMs?: number, onConnected?: (connected: boolean) => void } = {}): () => void {
  let lastEventId: string | undefined
  let controller: AbortController | undefined
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const connect = async (): Promise<void> => {
    const token = session.token
    if (stopped || token === undefined) return
    controller = new AbortController()
    try {
      const response = await fetch(`${options.baseUrl ?? ''}/live`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...(lastEventId === undefined ? {} : { 'last-event-id': lastEventId }) },
        signal: controller.signal
      })
      if (response.status === 401) await session.refresh()
      if (!response.ok || response.body === null) throw new Error(`live events: ${response.status}`)
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      options.onConnected?.(true)
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        const parsed = parseEventStream(buffer + value)
        buffer = parsed.rest
        for (const event of parsed.events) {
          if (event.id !== '') lastEventId = event.id
          onEvent(event)
        }
      }
    } catch {
      // Dropped, refused or aborted: try again below unless stopped.
    }
    options.onConnected?.(false)
    if (!stopped) timer = setTimeout(() => { void connect() }, options.retryMs ?? 2000)
  }

  const unsubscribe = session.subscribe(() => {
    // A new access token (refresh) or a new user: reconnect with it; the stream resumes where it was.
    controller?.abort()
  })
  void connect()
  return () => {
    stopped = true
    unsubscribe()
    clearTimeout(timer)
    controller?.abort()
  }
}
