import { lookup, Resolver } from 'node:dns/promises'
import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'

/** Where a delivery may connect: the one address that was checked, so DNS cannot change it afterwards. */
export interface CheckedTarget {
  url: URL
  address: string
  family: 4 | 6
}

export class RefusedTarget extends Error {
  override name = 'RefusedTarget'
}

export type ResolveHost = (hostname: string) => Promise<Array<{ address: string, family: number }>>

interface AllowedEntry { hostname?: string, range?: [ipaddr.IPv4 | ipaddr.IPv6, number] }

/**
 * The SSRF rule for endpoints. A URL must be HTTPS and every address its host resolves to must be public unicast
 * (not loopback, private, link-local such as the cloud metadata service 169.254.169.254, carrier-grade NAT,
 * unique-local, multicast, reserved, or an IPv4 address inside IPv6). Hosts the operator allowed
 * (`WEBHOOK_ALLOWED_HOSTS`, by name or CIDR) may be anything, over plain HTTP too. The check runs when an
 * endpoint is saved and again before every attempt, and the attempt then connects to the very address checked.
 */
export class AddressPolicy {
  private readonly allowed: AllowedEntry[]

  constructor (allowedHosts: readonly string[], private readonly resolveHost: ResolveHost) {
    this.allowed = allowedHosts.map((entry) => {
      if (entry.includes('/')) return { range: ipaddr.parseCIDR(entry) }
      if (ipaddr.isValid(entry)) {
        const address = ipaddr.process(entry)
        return { range: [address, address.kind() === 'ipv4' ? 32 : 128] }
      }
      return { hostname: entry.toLowerCase() }
    })
  }

  /**
   * The check a URL passes when an endpoint is saved: the same as before each attempt, except that a host the
   * operator opened by name need not resolve yet (a receiver that is not up at registration).
   */
  async validate (rawUrl: string): Promise<void> {
    const { hostname } = this.parse(rawUrl)
    if (!this.allowed.some((entry) => entry.hostname === hostname)) await this.check(rawUrl)
  }

  /** Resolves the URL's host and answers the address to connect to, or throws RefusedTarget saying why not. */
  async check (rawUrl: string): Promise<CheckedTarget> {
    const { url, hostname } = this.parse(rawUrl)
    const hostAllowed = this.allowed.some((entry) => entry.hostname === hostname)
    const addresses = isIP(hostname) !== 0 ? [{ address: hostname, family: isIP(hostname) }] : await this.resolve(hostname)
    const rangeAllowed = (address: string) => {
      const parsed = ipaddr.process(address)
      return this.allowed.some(({ range }) => range !== undefined && range[0].kind() === parsed.kind() && parsed.match(range))
    }
    if (url.protocol === 'http:' && !hostAllowed && !addresses.every((entry) => rangeAllowed(entry.address))) {
      throw new RefusedTarget('the URL must be https')
    }
    for (const { address } of addresses) {
      if (hostAllowed || rangeAllowed(address)) continue
      const range = ipaddr.process(address).range()
      if (range !== 'unicast') throw new RefusedTarget(`${hostname} resolves to ${address}, a ${range} address, which webhooks may not reach`)
    }
    const [first] = addresses
    if (first === undefined) throw new RefusedTarget(`${hostname} does not resolve`)
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 }
  }

  private parse (rawUrl: string): { url: URL, hostname: string } {
    let url: URL
    try {
      url = new URL(rawUrl)
    } catch {
      throw new RefusedTarget('the URL is not valid')
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RefusedTarget('the URL must be https')
    if (url.username !== '' || url.password !== '') throw new RefusedTarget('the URL must not carry a user name or password')
    return { url, hostname: url.hostname.replace(/^\[|\]$/g, '').toLowerCase() }
  }

  private async resolve (hostname: string): Promise<Array<{ address: string, family: number }>> {
    try {
      return await this.resolveHost(hostname)
    } catch (error) {
      throw new RefusedTarget(`${hostname} does not resolve (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
    }
  }
}

/** The system's resolver, or the given DNS servers (a deployment that wants its own view; tests). */
export function hostResolver (dnsServers: readonly string[]): ResolveHost {
  if (dnsServers.length === 0) return async (hostname) => await lookup(hostname, { all: true, verbatim: true })
  const resolver = new Resolver({ timeout: 2000, tries: 2 })
  resolver.setServers([...dnsServers])
  return async (hostname) => {
    const [v4, v6] = await Promise.all([
      resolver.resolve4(hostname).catch(() => [] as string[]),
      resolver.resolve6(hostname).catch(() => [] as string[])
    ])
    const addresses = [...v4.map((address) => ({ address, family: 4 })), ...v6.map((address) => ({ address, family: 6 }))]
    if (addresses.length === 0) throw Object.assign(new Error('no address'), { code: 'ENOTFOUND' })
    return addresses
  }
}
