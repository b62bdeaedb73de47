import type { Catalog } from './en.js'

export const es = {
  app: { name: 'Travel CRM' },
  live: { on: 'En directo', off: 'Sin conexión', onHint: 'Los cambios de otros aparecen al instante', offHint: 'Reconectando: los cambios de otros aparecerán al reconectar' },
  nav: {
    agency: 'Agencia', suppliers: 'Proveedores', dashboard: 'Panel', clients: 'Clientes', trips: 'Viajes', invoices: 'Facturas', reports: 'Informes', users: 'Usuarios', webhooks: 'Webhooks',
    logout: 'Cerrar sesión', language: 'Idioma', menu: 'Menú', sections: 'Secciones',
    commissions: 'Comisiones'
  },
  roles: { admin: 'Administrador', agent: 'Agente', analyst: 'Analista' },
  account: {
    title: 'Tu cuenta', linkLabel: 'Tu cuenta ({{username}})', changePassword: 'Cambiar contraseña', current: 'Contraseña actual',
    new: 'Contraseña nueva', repeat: 'Repite la contraseña nueva', rules: 'De 10 a 200 caracteres, distinta de tu usuario', submit: 'Cambiar contraseña',
    mismatch: 'Las dos contraseñas nuevas no coinciden.', changed: 'Tu contraseña ha cambiado. Los demás dispositivos deben volver a entrar.'
  },
  login: {
    title: 'Iniciar sesión', username: 'Usuario', password: 'Contraseña', submit: 'Entrar',
    failed: 'Usuario desconocido o contraseña incorrecta.'
  },
  common: {
    save: 'Guardar', close: 'Cerrar', cancel: 'Cancelar', edit: 'Editar', delete: 'Eliminar', actions: 'Acciones', loading: 'Cargando…',
    none: 'Todavía no hay nada.', csv: 'Descargar CSV', pdf: 'Descargar PDF', currency: 'Moneda', pageOf: '{{from}}–{{to}} de {{total}}', added: 'Añadido'
  },
  errors: {
    title: 'No se pudo hacer',
    forbiddenTitle: 'No permitido',
    forbidden: 'Tu rol no puede hacer esto. Pídelo a un administrador si lo necesitas.',
    notFoundTitle: 'No encontrado',
    notFound: 'Este registro no existe o fue eliminado.',
    stale: 'Otra persona cambió este registro antes.',
    tooMany: 'Demasiadas solicitudes: espera un momento y vuelve a intentarlo.',
    unavailable: 'El servicio no está disponible ahora; inténtalo en breve.',
    network: 'El servidor no responde: comprueba la conexión.'
  },
  archive: {
    filter: 'Registros archivados', live: 'Activos', include: 'Con archivados', only: 'Solo archivados', badge: 'Archivado',
    archive: 'Archivar', restore: 'Restaurar', archived: 'Archivado: fuera de las listas, presente en todos los informes.', restored: 'Restaurado.'
  },
  problems: {
    CRM_CLIENT_HAS_PAYMENTS: 'Pagos recibidos en los viajes de este cliente: {{payments}}. El dinero recibido se conserva: archive el cliente en su lugar.',
    CRM_TRIP_HAS_PAYMENTS: 'Pagos recibidos en este viaje: {{payments}}. El dinero recibido se conserva: archive el viaje en su lugar.',
    CRM_CLIENT_ARCHIVED: 'Este cliente está archivado: restáurelo primero.',
    BILLING_CLIENT_ARCHIVED: 'Este cliente está archivado: restáurelo antes de facturarlo.',
    BILLING_TRIP_ARCHIVED: 'Este viaje está archivado: restáurelo antes de facturarlo.',
    AUTH_WRONG_CURRENT_PASSWORD: 'La contraseña actual no es correcta.',
    AUTH_LAST_ADMIN: 'Es el último administrador activo: primero haz administrador a otro usuario.',
    AUTH_USERNAME_TAKEN: 'Ese nombre de usuario ya existe.',
    AUTH_PASSWORD_IS_USERNAME: 'La contraseña no puede ser el nombre de usuario.',
    CRM_CLIENT_EMAIL_TAKEN: 'Otro cliente ya tiene esta dirección de correo.'
  },
  stale: {
    title: 'Cambiado por otra persona',
    body: 'Alguien guardó este registro después de que lo abrieras. Lo que escribiste sigue aquí.',
    reload: 'Cargar su versión',
    reloaded: 'Su versión: {{details}}. Lo que escribiste se mantiene; guarda para reemplazar su versión.'
  },
  statement: {
    title: 'Extracto', totals: 'Totales del extracto', invoiced: 'Facturado', paid: 'Pagado', balance: 'Saldo pendiente',
    lines: 'Líneas del extracto', day: 'Fecha', entry: 'Concepto', charged: 'Cargado', received: 'Recibido',
    invoiceLine: 'Factura {{id}} · {{destination}} · {{status}}', paymentLine: 'Pago de la factura {{id}} · {{method}}'
  },
  status: { all: 'Todas', Pending: 'Pendiente', 'Partially Paid': 'Pagada en parte', Paid: 'Pagada', Overdue: 'Vencida', Cancelled: 'Anulada' },
  dashboard: {
    title: 'Panel', revenueThisMonth: 'Ingresos de este mes', revenue12: 'Ingresos, últimos 12 meses',
    balances: 'Saldos abiertos y vencidos', open: 'Abierto', overdue: 'Vencido',
    dueSoon: 'Facturas que vencen en 14 días', departures: 'Próximas salidas', topClients: 'Mejores clientes',
    overdueInvoices_one: '{{count}} factura vencida', overdueInvoices_many: '{{count}} facturas vencidas', overdueInvoices_other: '{{count}} facturas vencidas',
    allInvoices: 'Todas las facturas'
  },
  clients: {
    title: 'Clientes', new: 'Nuevo cliente', edit: 'Editar cliente', search: 'Buscar clientes', searchHint: 'Escribe parte de un nombre',
    name: 'Nombre', email: 'Correo', phone: 'Teléfono', company: 'Empresa', statementCsv: 'Extracto (CSV)', statementPdf: 'Extracto (PDF)',
    confirmDelete: '¿Eliminar a {{name}} con sus viajes y notas?'
  },
  tripStatus: { all: 'Todos', inquiry: 'Consulta', quoted: 'Presupuestado', booked: 'Reservado', completed: 'Completado', cancelled: 'Cancelado' },
  trips: {
    status: 'Estado', moveTo: 'Marcar como {{status}}', moves: 'Mover el viaje', moved: 'El viaje está ahora en {{status}}.', byStatus: 'Viajes por estado',
    title: 'Viajes', new: 'Nuevo viaje', edit: 'Editar viaje', heading: 'Viaje a {{destination}}', client: 'Cliente',
    destination: 'Destino', startDate: 'Salida', endDate: 'Regreso', dates: 'Fechas', price: 'Precio', notes: 'Notas',
    startsFrom: 'Salida desde', startsTo: 'Salida hasta'
  },
  travellers: {
    title: 'Viajeros', add: 'Añadir viajero', edit: 'Editar viajero', firstName: 'Nombre', lastName: 'Apellidos',
    name: 'Nombre', dateOfBirth: 'Fecha de nacimiento', nationality: 'Nacionalidad', nationalityHint: 'Dos letras, como SE o ES',
    passportNumber: 'Número de pasaporte', passportExpiry: 'Caducidad del pasaporte', lead: 'Viajero principal', leadBadge: 'Principal',
    editNamed: 'Editar a {{name}}', removeNamed: 'Quitar a {{name}}', confirmRemove: '¿Quitar a {{name}} de este viaje?',
    passportTooSoon: 'El pasaporte de {{name}} caduca menos de seis meses después del final del viaje.', passportWarning: 'El pasaporte caduca demasiado pronto'
  },
  bookings: {
    title: 'Reservas', add: 'Añadir reserva', edit: 'Editar reserva', supplier: 'Proveedor', kind: 'Tipo', description: 'Descripción',
    confirmationRef: 'Confirmación', startDate: 'Desde', endDate: 'Hasta', status: 'Estado', cost: 'Coste', sell: 'Precio de venta',
    commission: 'Comisión', commissionHint: 'Déjalo vacío para la comisión habitual del proveedor', margin: 'Margen', totals: 'Totales por moneda',
    editNamed: 'Editar {{description}}', cancelNamed: 'Cancelar {{description}}', confirmCancel: '¿Cancelar la reserva {{description}}?'
  },
  bookingStatus: { pending: 'Pendiente', confirmed: 'Confirmada', cancelled: 'Cancelada' },
  suppliers: {
    title: 'Proveedores', new: 'Nuevo proveedor', edit: 'Editar proveedor', name: 'Nombre', kind: 'Tipo', email: 'Correo', phone: 'Teléfono',
    rate: 'Comisión habitual (%)', editNamed: 'Editar {{name}}', deleteNamed: 'Eliminar {{name}}', confirmDelete: '¿Eliminar el proveedor {{name}}?',
    deleted: '{{name}} se ha eliminado.'
  },
  supplierKinds: { airline: 'Aerolínea', hotel: 'Hotel', transfer: 'Traslado', tour: 'Excursión', insurance: 'Seguro', car: 'Coche de alquiler', cruise: 'Crucero', other: 'Otro' },
  agency: {
    title: 'Datos de la agencia', intro: 'Lo que facturas, extractos e informes imprimen en el encabezado, las instrucciones de pago y el pie.',
    legalName: 'Razón social', address: 'Dirección', vatNumber: 'NIF-IVA', iban: 'IBAN', bic: 'BIC', email: 'Correo', phone: 'Teléfono',
    footer: 'Pie de factura', numberFormat: 'Formato del número de factura', logo: 'Logotipo (PNG o SVG, 100 kB como máximo)', currentLogo: 'El logotipo de la agencia',
    removeLogo: 'Quitar el logotipo', logoTooLarge: 'El logotipo ocupa más de 100 kB.', saved: 'Los datos de la agencia están guardados.'
  },
  invoices: {
    title: 'Facturas', new: 'Nueva factura', number: 'Factura', numbered: 'Factura {{number}}', pdf: 'Factura (PDF)', month: 'Mes', zip: 'Facturas del mes (zip)', amount: 'Importe', paid: 'Pagado',
    balance: 'Saldo pendiente', status: 'Estado', dueDate: 'Vence', issueDate: 'Emitida', for: 'De', trip: 'Viaje', client: 'Cliente',
    cancel: 'Anular factura', confirmCancel: '¿Anular la factura {{id}}? Después no se podrá pagar.'
  },
  payments: {
    title: 'Pagos', record: 'Registrar pago', submit: 'Registrar pago', openBalance: 'Saldo pendiente', amount: 'Importe',
    method: 'Forma de pago', date: 'Fecha', reference: 'Referencia',
    methods: { card: 'Tarjeta', 'bank transfer': 'Transferencia', cash: 'Efectivo' },
    amountFormat: 'Escribe un importe como 250 o 250.50.',
    aboveBalance: 'Es más que el saldo pendiente de {{balance}}.'
  },
  notes: { title: 'Notas', add: 'Nueva nota', edit: 'Editar nota', save: 'Añadir nota' },
  reports: {
    departures: 'Salidas', days: 'Días por delante', departing: 'Sale', openBalance: 'Saldo pendiente', notInvoiced: 'Sin facturar',
    travellers: 'Viajeros', unconfirmedBookings: 'Reservas por confirmar', passportWarnings: 'Pasaportes',
    passport: { PASSPORT_MISSING: '{{name}}: aún sin pasaporte', PASSPORT_EXPIRES_TOO_SOON: '{{name}}: el pasaporte caduca demasiado pronto' },
    title: 'Informes', invoiceSummary: 'Resumen de facturas', monthlyRevenue: 'Ingresos mensuales', revenueByClient: 'Ingresos por cliente',
    unpaidInvoices: 'Facturas impagadas', year: 'Año', month: 'Mes', revenue: 'Ingresos',
    paidAmount: 'Pagado', pendingBalance: 'Saldo pendiente', overdueBalance: 'Saldo vencido',
    pipeline: 'Embudo de ventas', from: 'Desde', to: 'Hasta', trips: 'Viajes', value: 'Valor', pipelineStatuses: 'Viajes por estado',
    pipelineMonths: 'Consultas por mes', inquiries: 'Consultas', booked: 'Reservados', lost: 'Perdidos', open: 'Abiertos', conversion: 'Conversión'
  },
  webhooks: {
    title: 'Webhooks', new: 'Nuevo webhook', edit: 'Editar webhook', endpointTitle: 'Webhook {{id}}',
    intro: 'Destinos que reciben los eventos de la agencia, firmados (Standard Webhooks), reintentados durante un día y reenviables.',
    url: 'URL', events: 'Eventos', eventsHint: 'Patrones de asunto: billing.payment.recorded, billing.invoice.*, billing.> o > para todos',
    description: 'Descripción', state: 'Estado', enabled: 'Activo', disabled: 'Desactivado', failingSince: 'Falla desde',
    enable: 'Activar', disable: 'Desactivar', enabledDone: 'El webhook vuelve a estar activo.', disabledDone: 'El webhook está desactivado.',
    ping: 'Enviar ping de prueba', pingSent: 'Un ping de prueba va en camino.',
    rotate: 'Cambiar secreto', confirmRotate: '¿Crear un nuevo secreto de firma? El anterior sigue firmando un tiempo.', rotated: 'Un nuevo secreto firma desde ahora.',
    rotatedTitle: 'El nuevo secreto de firma', overlap: 'El secreto anterior también firma hasta {{until}}.',
    confirmDelete: '¿Eliminar el webhook a {{url}} con sus entregas?', deleted: 'El webhook se eliminó.',
    createdTitle: 'Webhook creado: su secreto de firma',
    secretOnce: 'Copia el secreto ahora: se muestra solo esta vez y no se puede volver a leer.', copy: 'Copiar secreto', copied: 'Copiado', secretKept: 'Ya lo he guardado',
    deliveries: 'Entregas', attemptedAt: 'Cuándo', event: 'Evento', attempt: 'Intento', outcome: 'Resultado', status: 'Respuesta',
    duration: 'Duración', response: 'Respuesta (inicio)', nextRetry: 'Próximo intento',
    milliseconds_one: '{{count}} ms', milliseconds_many: '{{count}} ms', milliseconds_other: '{{count}} ms',
    outcomes: { delivered: 'Entregado', retrying: 'Reintentando', parked: 'Abandonado' },
    replay: 'Reenviar', replayHint: 'Envía de nuevo cada evento desde un momento que coincida con los patrones de este webhook, en el orden en que ocurrieron.',
    since: 'Desde', replaySend: 'Reenviar',
    replayed_one: '{{count}} evento en cola para reenviar.', replayed_many: '{{count}} eventos en cola para reenviar.', replayed_other: '{{count}} eventos en cola para reenviar.',
    replayMore: 'Hay más eventos, desde la secuencia {{sequence}}.', replayNext: 'Poner en cola la página siguiente'
  },
  // El historial del cliente (registro de auditoría) y sus datos personales (RGPD): exportación y supresión.
  privacy: {
    history: 'Historial', historyCsv: 'Descargar historial en CSV', when: 'Cuándo', who: 'Quién', record: 'Registro', action: 'Acción',
    changes: 'Cambios', reason: 'Motivo', system: 'Sistema',
    download: 'Descargar datos personales', erase: 'Suprimir datos personales', eraseTitle: 'Suprimir los datos personales de {{name}}',
    eraseExplained: 'El nombre, el correo, el teléfono, la empresa, las notas y los datos personales de los viajeros se sustituyen para siempre. Los viajes, facturas y pagos se conservan con sus importes y fechas.',
    confirmation: 'Escriba el nombre del cliente para confirmar: {{name}}', confirmationMismatch: 'Escriba el nombre del cliente tal como aparece.',
    reasonRequired: 'Indique por qué se suprime el cliente.', eraseSubmit: 'Suprimir para siempre', erased: 'Los datos personales del cliente se han suprimido.',
    actions: { created: 'Creación', updated: 'Modificación', deleted: 'Eliminación', erased: 'Supresión', archived: 'Archivo', restored: 'Restauración' },
    kinds: {
      user: 'Usuario', client: 'Cliente', note: 'Nota', trip: 'Viaje', traveller: 'Viajero', supplier: 'Proveedor', booking: 'Reserva',
      invoice: 'Factura', payment: 'Pago', agency: 'Agencia', endpoint: 'Webhook'
    }
  },
  users: {
    title: 'Usuarios', new: 'Nuevo usuario', username: 'Usuario', password: 'Contraseña', role: 'Rol', roleOf: 'Rol de {{username}}',
    state: 'Estado', active: 'Activo', disabled: 'Desactivado', created: 'Creado',
    enable: 'Activar', disable: 'Desactivar', enableNamed: 'Activar a {{username}}', disableNamed: 'Desactivar a {{username}}',
    deleteNamed: 'Eliminar a {{username}}', confirmDelete: '¿Eliminar al usuario {{username}}?',
    roleChanged: '{{username}} ahora es {{role}}.', enabled: '{{username}} puede volver a entrar.',
    disabledDone: '{{username}} ya no puede entrar.', deleted: '{{username}} fue eliminado.'
  },
  installments: {
    title: 'Plazos', nextDue: 'Próximo vencimiento', dueDate: 'Vence', amount: 'Importe', paid: 'Pagado', balance: 'Pendiente', status: 'Estado',
    how: 'Condiciones de pago', modes: { single: 'Pago único', schedule: 'Depósito y saldo', installments: 'Plazos' },
    depositPercent: 'Depósito (%)', balanceDays: 'Saldo, días antes de la salida',
    scheduleHint: 'El depósito vence en la fecha de emisión, el saldo esos días antes de la salida ({{departure}}).',
    dueNumbered: 'Vencimiento {{number}}', amountNumbered: 'Importe {{number}}', removeNumbered: 'Quitar plazo {{number}}', add: 'Añadir plazo',
    sum: 'Los plazos suman {{sum}} de {{amount}} (quedan {{left}} por repartir)', amountFormat: 'Escriba cada importe como 250 o 250.50.',
    mismatch: 'Los plazos deben sumar exactamente {{amount}}.'
  },
  commissionStatus: { Expected: 'Prevista', 'Partially Received': 'Cobrada en parte', Received: 'Cobrada', Overdue: 'Vencida', Cancelled: 'Anulada' },
  commissions: {
    title: 'Comisiones', supplier: 'Proveedor', allSuppliers: 'Todos los proveedores', status: 'Estado', dueDate: 'Vence', booking: 'Reserva',
    bookingNumbered: 'Reserva {{id}}', expected: 'Prevista', received: 'Cobrado', balance: 'Pendiente',
    record: 'Registrar pago de comisión', recordNumbered: 'Registrar pago de comisión de la reserva {{id}}', of: 'Comisión pendiente de {{supplier}}',
    receivedDate: 'Recibido el', recorded: 'El pago de {{supplier}} está registrado.'
  }
} satisfies Catalog
