/**
 * Which cached lists and records an event makes stale, by its subject. A payment changes its invoice's paid
 * amount and status, the client's balances and the reports; a client change shows in its trips' and invoices'
 * screens only through the client itself.
 */
export function queryKeysOf (subject: string): string[] {
  const [root, entity] = subject.split('.')
  if (root === 'auth') return ['users']
  if (root === 'webhooks') return ['webhooks']
  if (root === 'crm' && entity === 'client') return ['clients', 'statement']
  if (root === 'crm' && entity === 'trip') return ['trips', 'statement', 'dashboard']
  if (root === 'crm' && entity === 'note') return ['notes']
  // A commission follows its booking through billing's own billing.commission.* events.
  if (root === 'billing' && entity === 'commission') return ['commissions']
  if (root === 'billing') return ['invoices', 'payments', 'statement', 'reports', 'dashboard']
  return []
}
