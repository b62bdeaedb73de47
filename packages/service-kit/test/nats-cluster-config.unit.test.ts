import { describe, expect, it } from 'vitest'
import { BaseConfig, ConfigError, loadConfig } from '../src/http/config.js'
import { natsServers } from '../src/messaging/nats.js'

describe('a NATS cluster in the configuration', () => {
  it('takes the nodes of a cluster, comma-separated, in NATS_URL', () => {
    const url = 'nats://nats-1:4222, nats://nats-2:4222,tls://nats-3:4222'
    expect(loadConfig(BaseConfig, { NATS_URL: url }).NATS_URL).toBe(url)
    expect(natsServers(url)).toEqual(['nats://nats-1:4222', 'nats://nats-2:4222', 'tls://nats-3:4222'])
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222'])
  })

  it.each(['nats://a:4222,', 'nats://a:4222,http://b:4222', 'nats://a:4222,,nats://b:4222', 'nats://a:4222 nats://b:4222'])('refuses NATS_URL=%j', (url) => {
    expect(() => loadConfig(BaseConfig, { NATS_URL: url })).toThrow(ConfigError)
  })

  it('keeps one copy of the stream unless told otherwise, and at most five', () => {
    expect(loadConfig(BaseConfig, {}).NATS_STREAM_REPLICAS).toBe(1)
    expect(loadConfig(BaseConfig, { NATS_STREAM_REPLICAS: '3' }).NATS_STREAM_REPLICAS).toBe(3)
    for (const replicas of ['0', '6', 'three']) expect(() => loadConfig(BaseConfig, { NATS_STREAM_REPLICAS: replicas })).toThrow(/NATS_STREAM_REPLICAS/)
  })
})
