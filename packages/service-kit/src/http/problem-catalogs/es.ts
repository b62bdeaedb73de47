import type { KitProblemCatalog } from './en.js'

export const es: KitProblemCatalog = {
  titles: {
    400: 'Solicitud incorrecta',
    401: 'No autenticado',
    403: 'Prohibido',
    404: 'No encontrado',
    405: 'Método no permitido',
    406: 'No aceptable',
    409: 'Conflicto',
    412: 'Falló la condición previa',
    413: 'Contenido demasiado grande',
    415: 'Tipo de medio no admitido',
    422: 'Entidad no procesable',
    429: 'Demasiadas solicitudes',
    500: 'Error interno',
    502: 'Respuesta no válida de un servicio',
    503: 'Servicio no disponible',
    504: 'El servicio no respondió a tiempo'
  },
  problems: {
    INTERNAL_ERROR: 'Se produjo un error inesperado; ha quedado registrado.',
    SERVICE_UNAVAILABLE: 'Un servicio del que depende este no está disponible; inténtelo de nuevo en breve.',
    ROUTE_NOT_FOUND: 'No existe la ruta {{0}}',
    FORBIDDEN: 'Su rol no puede {{0}}',
    RATE_LIMITED: 'Demasiadas solicitudes; inténtelo de nuevo en {{0}} segundos',
    UPSTREAM_UNAVAILABLE: 'El servicio {{0}} no está disponible',
    UPSTREAM_TIMEOUT: 'El servicio {{0}} no respondió a tiempo'
  },
  // The kit's and the gateway's fixed sentences, by their English words (the details of free-text problems)
  sentences: {
    'This route needs a Bearer access token': 'Esta ruta necesita un token de acceso Bearer',
    'The access token is invalid or expired': 'El token de acceso no es válido o ha caducado',
    'The token was signed by an unknown key': 'El token está firmado con una clave desconocida',
    'The Authorization header must be "Bearer <access token>"': 'La cabecera Authorization debe ser "Bearer <token de acceso>"',
    'This account is disabled or no longer exists': 'La cuenta está desactivada o ya no existe',
    'This session has ended (logged out, password or role changed, or revoked); sign in again': 'La sesión ha terminado (cierre de sesión, cambio de contraseña o de rol, o revocación); inicie sesión de nuevo',
    'The account\'s role has changed; sign in again': 'El rol de la cuenta ha cambiado; inicie sesión de nuevo',
    'The URL is not validly percent-encoded': 'La URL no está codificada correctamente con porcentajes',
    'Live updates are unavailable right now': 'Las actualizaciones en directo no están disponibles ahora'
  },
  validation: {
    unknownFields: 'campo(s) desconocido(s): {{fields}}',
    requiredFields: 'falta(n) campo(s) obligatorio(s): {{fields}}',
    unstorableText: 'debe ser texto Unicode sin caracteres NUL ni sustitutos sueltos',
    invalid: 'no es válido'
  }
}
