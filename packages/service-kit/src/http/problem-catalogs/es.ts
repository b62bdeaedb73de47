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
    ROUTE_NOT_FOUND: 'No existe la ruta {{0}}'
  },
  validation: {
    unknownFields: 'campo(s) desconocido(s): {{fields}}',
    requiredFields: 'falta(n) campo(s) obligatorio(s): {{fields}}',
    unstorableText: 'debe ser texto Unicode sin caracteres NUL ni sustitutos sueltos',
    invalid: 'no es válido'
  }
}
