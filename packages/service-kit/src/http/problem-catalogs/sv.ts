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
    ROUTE_NOT_FOUND: 'Det finns ingen väg {{0}}'
  },
  validation: {
    unknownFields: 'okända fält: {{fields}}',
    requiredFields: 'obligatoriska fält saknas: {{fields}}',
    unstorableText: 'måste vara Unicode-text utan NUL-tecken eller ensamma surrogattecken',
    invalid: 'är ogiltigt'
  }
}
