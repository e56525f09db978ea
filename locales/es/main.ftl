# Portico — Español

## Errors
error-unauthenticated = Su sesión ha terminado. Vuelva a iniciar sesión.
error-forbidden = No tiene acceso a este recurso.
error-not-found = No hemos encontrado lo que busca.
error-invalid-credentials = El correo electrónico o la contraseña no son correctos.
error-too-many-attempts = Demasiados intentos fallidos. Espere 15 minutos y vuelva a intentarlo.
error-invalid = Algunos campos requieren su atención.
error-bad-request = No se ha podido entender la solicitud. Recargue la página y vuelva a intentarlo.
error-cross-site = Esta solicitud procede de otro sitio y se ha rechazado.
error-server = Se ha producido un error por nuestra parte. Vuelva a intentarlo en unos momentos.
error-network = No se ha podido conectar con el servidor. Compruebe su conexión y vuelva a intentarlo.
error-taken = Esta dirección de correo ya la usa otra cuenta.
error-email-required = Introduzca una dirección de correo electrónico.
error-email-malformed = Introduzca una dirección de correo válida, por ejemplo nombre@ejemplo.es.
error-unknown-language = Este idioma no está disponible.
error-required = Este campo es obligatorio.
error-too-long = El texto es demasiado largo.
error-control-characters = Contiene caracteres que no se pueden usar aquí.
error-malformed = El valor no parece correcto. Revíselo e inténtelo de nuevo.
error-unknown-country = Elija un país de la lista (un código de dos letras, como RO o ES).
error-zip-country = El código postal no coincide con el formato del país.

## Password rules
password-too-short = Use al menos 12 caracteres.
password-too-long = Use como máximo 128 caracteres.
password-common = Esta contraseña es demasiado común. Elija una más difícil de adivinar.
password-personal = No construya su contraseña con su nombre o su dirección de correo.
password-product = No use el nombre del producto en su contraseña.
password-guessable = Esta contraseña es demasiado fácil de adivinar. Unas cuantas palabras sin relación forman una contraseña segura.

## Fields
field-email = Correo electrónico
field-password = Contraseña
field-name = Nombre
field-login = Usuario
field-role = Rol
field-signed-in-at = Sesión iniciada
details-title = Datos
field-company = Empresa
field-phone = Teléfono
field-address = Dirección
value-not-given = Sin indicar

## Login and logout
login-title = Iniciar sesión
login-lead = Bienvenido a su portal de cliente.
login-submit = Iniciar sesión
login-again = Volver a iniciar sesión
logout-title = Cerrar sesión
logout-confirm = Ha iniciado sesión como { $name }. ¿Cerrar sesión ahora?
logout-submit = Cerrar sesión
logout-done = Ha cerrado la sesión.

## Layout
skip-to-content = Saltar al contenido
language-label = Idioma
language-apply = Aplicar
nav-label = Navegación principal
nav-portal-home = Inicio
nav-admin-home = Panel
area-back-office = Administración
footer-text = Portal de clientes Portico
go-home = Ir a la página de inicio
not-found-title = Página no encontrada
not-found-text = La página solicitada no existe o ya no está disponible.
forbidden-title = Acceso denegado
forbidden-text = Su cuenta no tiene acceso a esta página.

## Portal
portal-home-title = Mi cuenta
portal-greeting = Hola, { $name }
portal-lead = Siga sus pedidos, facturas y suscripciones en un solo lugar.
account-title = Su cuenta

## Back office
admin-home-title = Panel
admin-greeting = Bienvenido, { $name }
admin-lead = Gestione los contactos, el acceso al portal y los documentos que ven sus clientes.
role-admin = Administrador
role-staff = Empleado
role-portal = Usuario del portal
summary-title = De un vistazo
summary-companies = Empresas
summary-individuals = Particulares
summary-portal-users = Usuarios del portal
summary-staff-users = Usuarios internos

## Dates
date-format = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## Email
mail-signature = — Portico, su portal de cliente
mail-new-sign-in-subject = Nuevo inicio de sesión en su cuenta
mail-new-sign-in-body = Hola, { $name }:

    se acaba de iniciar sesión en su cuenta desde un navegador que no se había usado antes.

    Cuándo: { $when }
    Dirección: { $ip }
    Navegador: { $browser }

    Si ha sido usted, no tiene que hacer nada. Si no, cambie su contraseña de inmediato y avísenos.

## Contacts (back office)
nav-contacts = Contactos
contacts-title = Contactos
contacts-create = Crear
contacts-search = Buscar
contacts-search-hint = Nombre, correo o empresa
contacts-filters = Mostrar
contacts-filter-all = Todos
contacts-filter-companies = Empresas
contacts-filter-individuals = Personas
contacts-filter-portal = Usuarios del portal
contacts-none = Ningún contacto coincide.
contacts-portal = Portal
contacts-portal-user = Usuario del portal
contacts-select = Seleccionar a { $name }
contacts-select-column = Seleccionar
contacts-selected = Seleccionados: { $count }
pager-label = Páginas
pager-previous = Anterior
pager-next = Siguiente
contact-title = Contacto
contact-new-title = Nuevo contacto
contact-action = Acción
contact-kind = Tipo
contact-kind-company = Empresa
contact-kind-individual = Persona
contact-parent = Empresa
contact-parent-none = Sin empresa
contact-save = Guardar
contact-cancel = Cancelar
contact-delete = Eliminar
contact-delete-confirm = ¿Eliminar este contacto? No se puede deshacer.
contact-related = Contactos relacionados
contact-lang-none = Sin definir
contact-parent-not-company = Elija una empresa.
contact-company-has-people = Hay contactos que pertenecen a esta empresa: no puede convertirse en persona.
contact-in-use = Este contacto tiene un usuario o contactos relacionados, así que no se puede eliminar.
field-street = Calle
field-street2 = Calle 2
field-city = Ciudad
field-zip = Código postal
field-state = Provincia
field-country = País
field-vat = NIF
field-language = Idioma
language-en = English
language-ro = Română
language-es = Español

## Portal access
access-grant-action = Otorgar acceso al portal
access-grant-all = Otorgar acceso a todos los contactos relacionados
access-title = Acceso al portal
access-lead = El correo electrónico es el usuario. El contacto recibe una invitación para elegir su contraseña.
access-none = Ninguno de estos contactos existe.
access-contact = Contacto
access-latest-login = Última autenticación
access-invitation = Invitación
access-actions = Acciones
access-email-for = Correo de { $name }
access-grant = Otorgar acceso
access-revoke = Revocar acceso
access-reinvite = Volver a invitar
access-revoke-confirm = ¿Revocar el acceso al portal de { $name }? Sus sesiones terminan de inmediato.
access-never = Nunca
access-active = Activo
access-revoked = Revocado
access-no-access = Sin acceso
access-internal = Usuario interno
access-internal-user = Este contacto es un usuario interno; gestiónelo en Usuarios.
access-already-granted = Este contacto ya tiene acceso al portal.
access-not-granted = Este contacto no tiene acceso al portal.
access-not-invited = Este contacto ya aceptó la invitación.
invitation-queued = Invitación en cola
invitation-sent = Invitación enviada
invitation-failed = Invitación fallida
invitation-accepted = Invitación aceptada
invitation-expired = Invitación caducada
dialog-close = Cerrar

## Invitation
invite-title = Bienvenido al portal
invite-lead = Hola, { $name }. Elija una contraseña para terminar de configurar su cuenta.
invite-submit = Guardar contraseña e iniciar sesión
invite-used = Este enlace de invitación ya se utilizó. Inicie sesión con su contraseña.
invite-expired = Este enlace de invitación ha caducado. Pídanos una nueva invitación.
invite-voided = Este enlace de invitación ya no es válido: se envió uno más reciente o se retiró el acceso.
invite-unknown = Este enlace no es válido. Compruebe que copió la dirección completa del correo.
field-new-password = Nueva contraseña
field-new-password-again = Repita la nueva contraseña
password-hint = Al menos 12 caracteres. Unas cuantas palabras sin relación forman una contraseña segura.
password-mismatch = Las dos contraseñas no coinciden.
mail-invitation-subject = Su acceso al portal de clientes de { $company }
mail-invitation-greeting = Hola, { $name }:
mail-invitation-body = ahora es usuario del portal de clientes de { $company }, donde puede seguir sus pedidos, facturas y suscripciones.
mail-invitation-until = El enlace funciona una sola vez, hasta el { $until }.
mail-invitation-button = Elegir su contraseña

## Outgoing mail
nav-mail = Correo saliente
mail-title = Correo saliente
mail-filter = Estado
mail-status-all = Todos
mail-status-queued = En cola
mail-status-sent = Enviados
mail-status-failed = Fallidos
mail-none = No hay mensajes.
mail-subject = Asunto
mail-to = Para
mail-status = Estado
mail-created = En cola desde
mail-retry = Reintentar
mail-error = { $error } (intentos: { $attempts })
mail-sent-at = el { $when }
mail-not-failed = Solo se puede reintentar un mensaje fallido.
pager-older = Más antiguos

## Audit log
nav-audit = Registro de auditoría
audit-title = Registro de auditoría
audit-event = Evento
audit-all-events = Todos los eventos
audit-user = Usuario
audit-by = Por
audit-when = Cuándo
audit-address = Dirección
audit-from = Desde
audit-to = Hasta
audit-apply = Aplicar
audit-clear = Borrar
audit-none = Ningún evento coincide.
audit-login_succeeded = Inicio de sesión
audit-login_failed = Inicio de sesión fallido
audit-login_throttled = Inicio de sesión limitado
audit-logged_out = Cierre de sesión
audit-user_created = Usuario creado
audit-access_granted = Acceso otorgado
audit-access_revoked = Acceso revocado
audit-reinvited = Invitado de nuevo
audit-invitation_accepted = Invitación aceptada

## Users
nav-users = Usuarios
users-title = Usuarios
user-title = Usuario
users-filters = Mostrar
users-all = Todos los usuarios
users-portal = Usuarios del portal
users-internal = Usuarios internos
users-custom-filter = Filtro personalizado
users-field = Campo
users-operator = Operador
users-value = Valor
users-value-hint = portal, internal, yes, no, 2026-11-01 o texto
users-add-condition = Agregar condición
users-conditions = Condiciones
users-remove-condition = Quitar { $condition }
users-field-groups = Grupos
users-field-login = Usuario
users-field-active = Activo
users-field-latest-login = Última autenticación
users-op-contains = contiene
users-op-is = es
users-op-before = antes de
users-op-after = después de
users-none = Ningún usuario coincide.
users-change-login = Cambiar el usuario
users-change-login-lead = Solo cambia la dirección con la que se inicia sesión; el correo del contacto no cambia. Todas las sesiones de este usuario terminan y se avisa a ambas direcciones.
users-new-login = Nuevo usuario
users-login-changed = Se cambió el usuario.
users-login-same = Este ya es el usuario de la cuenta.
audit-login_changed = Usuario cambiado
mail-login-changed-subject = Se cambió el usuario de su cuenta
mail-login-changed-body = Hola, { $name }:

    la dirección con la que inicia sesión se cambió de { $old } a { $new }.

    Si no lo solicitó, avísenos de inmediato.

users-invite-title = Invitar a un usuario interno
users-invite-lead = El personal y los administradores eligen su contraseña con el enlace de la invitación.
users-invite-submit = Enviar invitación
contacts-sort = Ordenar por
contacts-sort-name = Nombre, A a Z
contacts-sort-name-desc = Nombre, Z a A
contacts-sort-newest = Más recientes primero

## Account security
nav-more = Más
nav-security = Seguridad
security-title = Seguridad de la cuenta
security-sessions = Sesiones activas
security-device = Dispositivo
security-this-device = Este dispositivo
security-unknown-device = Navegador desconocido
security-started = Iniciada
security-last-seen = Última actividad
security-end-session = Cerrar sesión
security-end-others = Cerrar todas las demás sesiones
security-current-session = Esta es la sesión que está usando: ciérrela desde el menú.
security-history = Inicios de sesión recientes
security-signed-in = Inicio de sesión
security-failed = Intento fallido
security-edit = Editar los ajustes de seguridad
audit-password_changed = Contraseña cambiada
security-password = Cambiar la contraseña
security-current = Contraseña actual
security-new = Nueva contraseña
security-again = Repita la nueva contraseña
security-password-submit = Cambiar la contraseña
security-password-changed = Se cambió su contraseña. Todas las demás sesiones se cerraron.
security-current-wrong = Esta no es su contraseña actual.
mail-password-changed-subject = Se cambió su contraseña
mail-password-changed-body = Hola, { $name }:

    la contraseña de su cuenta se acaba de cambiar y se cerraron todas las demás sesiones.

    Si no fue usted, restablezca su contraseña de inmediato y avísenos.

## Documents
documents-title = Sus documentos
documents-quotations = Presupuestos
documents-orders = Pedidos de venta
documents-orders-admin = Presupuestos y pedidos
documents-invoices = Facturas
documents-subscriptions = Suscripciones
documents-addresses = Direcciones
documents-payment-methods = Métodos de pago
documents-wallet = Monedero electrónico
documents-invoices-note = { $unpaid } sin pagar · { $overdue } vencidas
documents-none-quotations = Ningún presupuesto coincide.
documents-none-orders = Ningún pedido coincide.
documents-none-invoices = Ninguna factura coincide.
documents-none-subscriptions = Ninguna suscripción coincide.
documents-filters = Filtrar facturas
documents-search = Buscar
documents-search-hint = Referencia, p. ej. INV/2026
documents-sort = Ordenar por
sort-date = Fecha
sort-reference = Referencia
sort-amount = Importe
sort-state = Estado
sort-date-desc = Fecha, más recientes primero
sort-date-asc = Fecha, más antiguas primero
sort-reference-desc = Referencia, Z–A
sort-reference-asc = Referencia, A–Z
sort-amount-desc = Importe, de mayor a menor
sort-amount-asc = Importe, de menor a mayor
sort-state-desc = Estado, Z–A
sort-state-asc = Estado, A–Z
filter-all = Todas
filter-unpaid = Sin pagar
filter-overdue = Vencidas
filter-paid = Pagadas
status-draft = Borrador
status-sent = Enviado
status-confirmed = Confirmado
status-cancelled = Cancelado
status-not-paid = Sin pagar
status-partial = Pagada en parte
status-paid = Pagada
status-overdue = Vencida
status-active = Activa
status-paused = En pausa
status-cancelling = Termina al final del periodo
status-closed = Cerrada
period-month = Mensual
period-year = Anual
period-per-month = al mes
period-per-year = al año
payment-method-bank_transfer = Transferencia bancaria
payment-method-card = Tarjeta
payment-method-sepa_debit = Adeudo directo SEPA
payment-method-cash = Efectivo
payment-method-ewallet = Monedero electrónico
field-customer = Cliente
documents-reference = Referencia
documents-order-date = Fecha del pedido
documents-invoice-date = Fecha de factura
documents-start-date = Fecha de inicio
documents-due-date = Vencimiento
documents-valid-until = Válido hasta
documents-next-invoice = Próxima factura
documents-ends-on = Termina el
documents-total = Total
documents-untaxed = Base imponible
documents-tax-at = IVA { $rate }
documents-paid = Pagado
documents-amount-due = Importe pendiente
documents-recurring = Importe recurrente
documents-state = Estado
documents-currency = Moneda
documents-plan = Plan
documents-period = Periodo
documents-lines = Líneas
documents-line-n = Línea { $n }
documents-description = Descripción
documents-quantity = Cantidad
documents-unit-price = Precio unitario
documents-discount = Descuento
documents-tax = IVA
documents-discount-percent = Descuento %
documents-tax-percent = IVA %
documents-amount = Importe
documents-payments = Pagos recibidos
documents-no-payments = Aún no hay pagos.
documents-from-order = Del pedido
documents-bill-to = Facturar a
documents-customer-heading = Cliente
documents-order = Pedido
documents-invoice = Factura
documents-subscription = Suscripción
documents-quotation-title = Presupuesto { $reference }
documents-order-title = Pedido { $reference }
documents-invoice-title = Factura { $number }
documents-download-pdf = Descargar PDF
documents-follow = Seguir
documents-following = Siguiendo ✓
documents-follow-hint = Quien lo sigue recibe un correo cuando el documento cambia: una factura emitida, un pedido confirmado, un pago recibido.
documents-note = Nota
documents-lines-hint = Las filas vacías se ignoran. Guarde para obtener más filas vacías.
documents-choose-customer = Elija un cliente
documents-new-quotation = Nuevo presupuesto
documents-new-invoice = Nueva factura
documents-new-subscription = Nueva suscripción
documents-save = Guardar
documents-send = Marcar como enviado
documents-confirm = Confirmar pedido
documents-create-invoice = Crear factura
documents-post = Emitir factura
documents-cancel = Cancelar documento
documents-cancel-confirm = ¿Cancelar este documento? Los clientes lo verán como cancelado. No se puede deshacer.
documents-pause = Pausar
documents-resume = Reanudar
documents-cancel-at-end = Cancelar al final del periodo
documents-cancel-at-end-confirm = ¿Cancelar esta suscripción al final del periodo actual?
documents-close = Cerrar ahora
documents-close-confirm = ¿Cerrar esta suscripción ahora? No se renovará más.
documents-record-payment = Registrar pago
documents-method = Método
documents-received-on = Recibido el
documents-payment-reference = Referencia del pago
documents-payments-admin = Pagos
error-amount = Introduzca un importe, por ejemplo 1250,50.
error-quantity = Introduzca una cantidad mayor que cero, por ejemplo 1 o 2,5.
error-percentage = Introduzca un porcentaje entre 0 y 100.
error-date = Introduzca una fecha.
error-due-before-date = Esta fecha no puede ser anterior a la del documento.
error-no-lines = Añada al menos una línea.
error-choice = Elija una de las opciones.
error-more-than-due = Es más que el importe pendiente.
error-document-state = El estado de este documento ya no lo permite. Recargue la página para verlo como está ahora.
error-already-invoiced = Este pedido ya tiene una factura.
audit-payment_recorded = Pago registrado
mail-document-greeting = Hola, { $name }:
mail-document-button = Verlo en el portal
mail-invoice-posted-subject = Nueva factura { $reference }
mail-invoice-posted-body = La factura { $reference } por { $amount } ya está en su portal.
mail-order-confirmed-subject = Pedido { $reference } confirmado
mail-order-confirmed-body = Su pedido { $reference } por { $amount } ha sido confirmado.
mail-payment-received-subject = Pago recibido de { $reference }
mail-payment-received-body = Hemos recibido su pago de { $amount } de la factura { $reference }. Gracias.
details-edit = Editar
details-edit-title = Sus datos
details-email-hint = Es donde le escribimos. No cambia la dirección con la que inicia sesión; eso lo puede cambiar el personal de la empresa.
details-confirm = Confirmar
details-cancel = Cancelar
field-country-hint = Dos letras, como RO o ES.
addresses-title = Direcciones
address-kind-main = Dirección principal
address-kind-billing = Dirección de facturación
address-kind-delivery = Dirección de entrega
addresses-edit-in-details = Editar en Datos
addresses-main-hint = Su dirección principal forma parte de sus datos y no se puede eliminar.
addresses-edit = Modificar
addresses-remove = Eliminar
addresses-remove-confirm = ¿Eliminar esta dirección?
addresses-edit-title = Modificar la dirección
addresses-add-title = Añadir una dirección
addresses-kind = Tipo de dirección
addresses-name = Nombre en la dirección
addresses-save = Guardar dirección
login-forgot = ¿Ha olvidado su contraseña?
reset-done = Su contraseña ha cambiado. Inicie sesión con la nueva.
reset-title = Restablecer la contraseña
reset-lead = Introduzca la dirección de correo con la que inicia sesión. Si pertenece a una cuenta, le enviaremos un enlace para elegir una contraseña nueva.
reset-submit = Enviar el enlace
reset-sent = Si una cuenta usa esta dirección, un correo con un enlace va de camino. El enlace funciona una vez, durante unas horas. Mire la carpeta de spam si no llega.
reset-back = Volver a iniciar sesión
reset-choose-title = Elija una contraseña nueva
reset-choose-lead = Elija una contraseña nueva para su cuenta. Todas las sesiones de esta cuenta terminarán y volverá a iniciar sesión.
reset-choose-submit = Guardar la contraseña nueva
reset-used = Este enlace ya se usó. Pida uno nuevo si aún lo necesita.
reset-expired = Este enlace ha caducado. Pida uno nuevo.
reset-voided = Este enlace ya no funciona: se envió uno más reciente o cambió la contraseña o el inicio de sesión. Pida uno nuevo si lo necesita.
reset-unknown = Este enlace no es válido. Compruebe que lo copió entero o pida uno nuevo.
reset-again = Pedir un enlace nuevo
mail-reset-subject = Restablezca su contraseña de Portico
mail-reset-greeting = Hola, { $name }:
mail-reset-body = Alguien pidió restablecer la contraseña de su cuenta. Si fue usted, elija una contraseña nueva con el botón de abajo. Si no, puede ignorar este correo: su contraseña sigue igual.
mail-reset-until = El enlace funciona una vez, hasta el { $until }.
mail-reset-button = Elegir una contraseña nueva
audit-password_reset_requested = Restablecimiento de contraseña pedido
audit-password_reset = Contraseña restablecida
