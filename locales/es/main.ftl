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
