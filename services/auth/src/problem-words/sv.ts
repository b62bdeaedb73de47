import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { AuthProblemName } from '../problems.js'

/** Auth's problem details in Swedish; `{{0}}` is the first value the English `%s` names. */
export const sv: ProblemWords<AuthProblemName> = {
  invalidCredentials: 'Okänt användarnamn eller fel lösenord',
  loginThrottled: 'För många misslyckade inloggningar; försök igen om {{0}} sekunder',
  invalidRefreshToken: 'Förnyelsetoken är ogiltig, har gått ut eller är redan använd',
  accountInactive: 'Kontot är inaktiverat eller finns inte längre',
  registrationNeedsAdmin: 'Det finns redan användare: bara en administratör får registrera användare',
  usernameTaken: 'Användarnamnet "{{0}}" är upptaget',
  passwordContainsUsername: 'Lösenordet får inte innehålla användarnamnet',
  passwordCommon: 'Lösenordet är ett av de vanligaste, som angripare provar först: välj ett annat (några orelaterade ord blir ett bra)',
  passwordPredictable: 'Lösenordet upprepar några tecken eller följer en sekvens (aaaa…, abcd…, 1234…): välj ett annat',
  userNotFound: 'Användare {{0}} finns inte',
  lastAdmin: 'Användare {{0}} är den sista aktiva administratören: gör någon annan till administratör först',
  staleVersion: '{{0}} har version {{1}}, inte den i If-Match ({{2}}): läs den igen',
  crossSiteRequest: 'En begäran i en webbläsarsession måste komma från appen själv: {{0}}',
  wrongCurrentPassword: 'Det nuvarande lösenordet stämmer inte'
}
