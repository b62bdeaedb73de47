/**
 * The kit's own problem words in English: the titles by HTTP status, and the details of the problems the kit
 * words itself. `{{0}}` is the first value the problem names. Each language's catalog has every key.
 */
export const en = {
  titles: {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    409: 'Conflict',
    412: 'Precondition Failed',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout'
  },
  problems: {
    INTERNAL_ERROR: 'An unexpected error occurred; it has been logged.',
    SERVICE_UNAVAILABLE: 'A dependency of this service is unavailable; try again shortly.',
    ROUTE_NOT_FOUND: 'No route {{0}}',
    FORBIDDEN: 'Your role may not {{0}}',
    RATE_LIMITED: 'Too many requests; try again in {{0}} seconds',
    UPSTREAM_UNAVAILABLE: 'The {{0}} service is unavailable',
    UPSTREAM_TIMEOUT: 'The {{0}} service did not answer in time'
  },
  // The kit's and the gateway's fixed sentences, by their English words (the details of free-text problems)
  sentences: {
    'This route needs a Bearer access token': 'This route needs a Bearer access token',
    'The access token is invalid or expired': 'The access token is invalid or expired',
    'The token was signed by an unknown key': 'The token was signed by an unknown key',
    'The Authorization header must be "Bearer <access token>"': 'The Authorization header must be "Bearer <access token>"',
    'This account is disabled or no longer exists': 'This account is disabled or no longer exists',
    'This session has ended (logged out, password or role changed, or revoked); sign in again': 'This session has ended (logged out, password or role changed, or revoked); sign in again',
    'The account\'s role has changed; sign in again': 'The account\'s role has changed; sign in again',
    'The URL is not validly percent-encoded': 'The URL is not validly percent-encoded',
    'Live updates are unavailable right now': 'Live updates are unavailable right now'
  },
  // What a VALIDATION_FAILED problem says of each field beside the schema checks' own words (TypeBox's locales)
  validation: {
    unknownFields: 'unknown field(s): {{fields}}',
    requiredFields: 'missing required field(s): {{fields}}',
    unstorableText: 'must be Unicode text without NUL characters or lone surrogates',
    invalid: 'is invalid'
  }
}

export type KitProblemCatalog = { [Part in keyof typeof en]: Record<keyof (typeof en)[Part], string> }
