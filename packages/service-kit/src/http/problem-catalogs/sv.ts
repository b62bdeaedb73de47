import type { KitProblemCatalog } from './en.js'

export const sv: KitProblemCatalog = {
  titles: {
    400: 'Felaktig begäran',
    401: 'Inte inloggad',
    403: 'Förbjudet',
    404: 'Hittades inte',
    405: 'Metoden tillåts inte',
    406: 'Kan inte levereras i begärt format',
    409: 'Konflikt',
    412: 'Villkoret uppfylldes inte',
    413: 'Innehållet är för stort',
    415: 'Medietypen stöds inte',
    422: 'Kan inte behandlas',
    429: 'För många förfrågningar',
    500: 'Internt fel',
    502: 'Felaktigt svar från tjänst',
    503: 'Tjänsten är inte tillgänglig',
    504: 'Tjänsten svarade inte i tid'
  },
  problems: {
    INTERNAL_ERROR: 'Ett oväntat fel inträffade; det har loggats.',
    SERVICE_UNAVAILABLE: 'En tjänst som den här tjänsten behöver är inte tillgänglig; försök igen om en stund.',
    ROUTE_NOT_FOUND: 'Det finns ingen väg {{0}}',
    FORBIDDEN: 'Din roll får inte {{0}}',
    RATE_LIMITED: 'För många förfrågningar; försök igen om {{0}} sekunder',
    UPSTREAM_UNAVAILABLE: 'Tjänsten {{0}} är inte tillgänglig',
    UPSTREAM_TIMEOUT: 'Tjänsten {{0}} svarade inte i tid'
  },
  // The kit's and the gateway's fixed sentences, by their English words (the details of free-text problems)
  sentences: {
    'This route needs a Bearer access token': 'Den här vägen kräver en Bearer-åtkomsttoken',
    'The access token is invalid or expired': 'Åtkomsttoken är ogiltig eller har gått ut',
    'The token was signed by an unknown key': 'Token har signerats med en okänd nyckel',
    'The Authorization header must be "Bearer <access token>"': 'Authorization-huvudet måste vara "Bearer <åtkomsttoken>"',
    'This account is disabled or no longer exists': 'Kontot är avstängt eller finns inte längre',
    'This session has ended (logged out, password or role changed, or revoked); sign in again': 'Sessionen har avslutats (utloggad, nytt lösenord eller ny roll, eller återkallad); logga in igen',
    'The account\'s role has changed; sign in again': 'Kontots roll har ändrats; logga in igen',
    'The URL is not validly percent-encoded': 'Adressen är inte korrekt procentkodad',
    'Live updates are unavailable right now': 'Liveuppdateringar är inte tillgängliga just nu'
  },
  validation: {
    unknownFields: 'okända fält: {{fields}}',
    requiredFields: 'obligatoriska fält saknas: {{fields}}',
    unstorableText: 'måste vara Unicode-text utan NUL-tecken eller ensamma surrogattecken',
    invalid: 'är ogiltigt'
  }
}
