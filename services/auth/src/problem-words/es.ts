import type { ProblemWords } from '@travel-crm/service-kit/http'
import type { AuthProblemName } from '../problems.js'

/** Auth's problem details in Spanish; `{{0}}` is the first value the English `%s` names. */
export const es: ProblemWords<AuthProblemName> = {
  invalidCredentials: 'Usuario desconocido o contraseña incorrecta',
  loginThrottled: 'Demasiados inicios de sesión fallidos; inténtelo de nuevo dentro de {{0}} segundos',
  invalidRefreshToken: 'El token de renovación no es válido, ha caducado o ya se ha usado',
  accountInactive: 'Esta cuenta está desactivada o ya no existe',
  registrationNeedsAdmin: 'Ya existen usuarios: solo un administrador puede registrar usuarios',
  usernameTaken: 'El nombre de usuario "{{0}}" ya está en uso',
  passwordContainsUsername: 'La contraseña no debe contener el nombre de usuario',
  passwordCommon: 'Esta contraseña está entre las más comunes, las que los atacantes prueban primero: elija otra (unas cuantas palabras sin relación forman una buena)',
  passwordPredictable: 'La contraseña repite unos pocos caracteres o sigue una secuencia (aaaa…, abcd…, 1234…): elija otra',
  userNotFound: 'No existe el usuario {{0}}',
  lastAdmin: 'El usuario {{0}} es el último administrador activo: nombre antes a otro administrador',
  staleVersion: '{{0}} está en la versión {{1}}, no en la de If-Match ({{2}}): vuelva a leerlo',
  crossSiteRequest: 'Una solicitud de sesión del navegador debe venir de la propia aplicación: {{0}}',
  wrongCurrentPassword: 'La contraseña actual no es correcta'
}
