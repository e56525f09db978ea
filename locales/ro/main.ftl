# Portico — Română

## Errors
error-unauthenticated = Sesiunea dvs. s-a încheiat. Vă rugăm să vă autentificați din nou.
error-forbidden = Nu aveți acces la această resursă.
error-not-found = Nu am găsit ce ați căutat.
error-invalid-credentials = Adresa de e-mail sau parola este incorectă.
error-too-many-attempts = Prea multe încercări eșuate. Vă rugăm să așteptați 15 minute și să încercați din nou.
error-invalid = Unele câmpuri necesită atenția dvs.
error-bad-request = Cererea nu a putut fi înțeleasă. Reîncărcați pagina și încercați din nou.
error-cross-site = Această cerere a venit de pe alt site și a fost refuzată.
error-server = A apărut o eroare la noi. Vă rugăm să încercați din nou peste câteva momente.
error-network = Nu am putut contacta serverul. Verificați conexiunea și încercați din nou.
error-taken = Această adresă de e-mail este deja folosită de alt cont.
error-email-required = Introduceți o adresă de e-mail.
error-email-malformed = Introduceți o adresă de e-mail validă, de exemplu nume@exemplu.ro.
error-unknown-language = Această limbă nu este disponibilă.
error-required = Acest câmp este obligatoriu.
error-too-long = Textul este prea lung.
error-control-characters = Conține caractere care nu pot fi folosite aici.
error-malformed = Valoarea nu pare corectă. Verificați-o și încercați din nou.
error-unknown-country = Alegeți o țară din listă (un cod din două litere, de exemplu RO sau ES).
error-zip-country = Codul poștal nu corespunde formatului țării.

## Password rules
password-too-short = Folosiți cel puțin 12 caractere.
password-too-long = Folosiți cel mult 128 de caractere.
password-common = Această parolă este prea des folosită. Alegeți una mai greu de ghicit.
password-personal = Nu vă construiți parola din nume sau din adresa de e-mail.
password-product = Nu folosiți numele produsului în parolă.
password-guessable = Această parolă este prea ușor de ghicit. Câteva cuvinte fără legătură între ele formează o parolă puternică.

## Fields
field-email = E-mail
field-password = Parolă
field-name = Nume
field-login = Utilizator
field-role = Rol
field-signed-in-at = Autentificat la
details-title = Date de contact
field-company = Companie
field-phone = Telefon
field-address = Adresă
value-not-given = Necompletat

## Login and logout
login-title = Autentificare
login-lead = Bine ați venit în portalul clienților.
login-submit = Autentificare
login-again = Autentificați-vă din nou
logout-title = Deconectare
logout-confirm = Sunteți autentificat ca { $name }. Vă deconectați acum?
logout-submit = Deconectare
logout-done = Ați fost deconectat.

## Layout
skip-to-content = Salt la conținut
language-label = Limbă
language-apply = Aplică
nav-label = Navigare principală
nav-portal-home = Acasă
nav-admin-home = Panou principal
area-back-office = Administrare
footer-text = Portalul clienților Portico
go-home = Mergeți la pagina principală
not-found-title = Pagina nu a fost găsită
not-found-text = Pagina cerută nu există sau nu mai este disponibilă.
forbidden-title = Acces interzis
forbidden-text = Contul dvs. nu are acces la această pagină.

## Portal
portal-home-title = Contul meu
portal-greeting = Bună ziua, { $name }
portal-lead = Urmăriți comenzile, facturile și abonamentele într-un singur loc.
account-title = Contul dvs.

## Back office
admin-home-title = Panou principal
admin-greeting = Bun venit, { $name }
admin-lead = Gestionați contactele, accesul la portal și documentele pe care le văd clienții.
role-admin = Administrator
role-staff = Angajat
role-portal = Utilizator portal
summary-title = Pe scurt
summary-companies = Companii
summary-individuals = Persoane fizice
summary-portal-users = Utilizatori portal
summary-staff-users = Utilizatori interni

## Dates
date-format = { $day } { $month } { $year }
month-1 = ianuarie
month-2 = februarie
month-3 = martie
month-4 = aprilie
month-5 = mai
month-6 = iunie
month-7 = iulie
month-8 = august
month-9 = septembrie
month-10 = octombrie
month-11 = noiembrie
month-12 = decembrie

## Email
mail-signature = — Portico, portalul clienților
mail-new-sign-in-subject = Autentificare nouă în contul dvs.
mail-new-sign-in-body = Bună ziua, { $name },

    contul dvs. tocmai a fost folosit pentru autentificare dintr-un browser nou.

    Când: { $when }
    Adresă: { $ip }
    Browser: { $browser }

    Dacă ați fost dvs., nu trebuie să faceți nimic. Dacă nu, schimbați-vă imediat parola și anunțați-ne.

## Contacts (back office)
nav-contacts = Contacte
contacts-title = Contacte
contacts-create = Creează
contacts-search = Caută
contacts-search-hint = Nume, e-mail sau companie
contacts-filters = Arată
contacts-filter-all = Toate
contacts-filter-companies = Companii
contacts-filter-individuals = Persoane fizice
contacts-filter-portal = Utilizatori portal
contacts-none = Niciun contact nu se potrivește.
contacts-portal = Portal
contacts-portal-user = Utilizator portal
contacts-select = Selectează { $name }
contacts-select-column = Selectare
contacts-selected = Selectate: { $count }
pager-label = Pagini
pager-previous = Înapoi
pager-next = Înainte
contact-title = Contact
contact-new-title = Contact nou
contact-action = Acțiune
contact-kind = Tip
contact-kind-company = Companie
contact-kind-individual = Persoană fizică
contact-parent = Companie
contact-parent-none = Fără companie
contact-save = Salvează
contact-cancel = Anulează
contact-delete = Șterge
contact-delete-confirm = Ștergeți acest contact? Acțiunea nu poate fi anulată.
contact-related = Contacte asociate
contact-lang-none = Nesetată
contact-parent-not-company = Alegeți o companie.
contact-company-has-people = Acestei companii îi aparțin contacte: nu poate deveni persoană fizică.
contact-in-use = Acest contact are un utilizator sau contacte asociate, deci nu poate fi șters.
field-street = Stradă
field-street2 = Stradă 2
field-city = Oraș
field-zip = Cod poștal
field-state = Județ
field-country = Țară
field-vat = Cod fiscal
field-language = Limbă
language-en = English
language-ro = Română
language-es = Español

## Portal access
access-grant-action = Acordă acces la portal
access-grant-all = Acordă acces tuturor contactelor asociate
access-title = Acces la portal
access-lead = Adresa de e-mail este numele de utilizator. Contactul primește o invitație pentru a-și alege parola.
access-none = Niciunul dintre aceste contacte nu există.
access-contact = Contact
access-latest-login = Ultima autentificare
access-invitation = Invitație
access-actions = Acțiuni
access-email-for = E-mailul lui { $name }
access-grant = Acordă acces
access-revoke = Revocă accesul
access-reinvite = Invită din nou
access-revoke-confirm = Revocați accesul la portal al lui { $name }? Sesiunile se încheie imediat.
access-never = Niciodată
access-active = Activ
access-revoked = Revocat
access-no-access = Fără acces
access-internal = Utilizator intern
access-internal-user = Acest contact este un utilizator intern; gestionați-l din Utilizatori.
access-already-granted = Acest contact are deja acces la portal.
access-not-granted = Acest contact nu are acces la portal.
access-not-invited = Acest contact a acceptat deja invitația.
invitation-queued = Invitație în așteptare
invitation-sent = Invitație trimisă
invitation-failed = Invitație eșuată
invitation-accepted = Invitație acceptată
invitation-expired = Invitație expirată
dialog-close = Închide

## Invitation
invite-title = Bun venit în portal
invite-lead = Bună ziua, { $name }! Alegeți o parolă pentru a vă finaliza contul.
invite-submit = Setează parola și autentifică-te
invite-used = Acest link de invitație a fost deja folosit. Autentificați-vă cu parola.
invite-expired = Acest link de invitație a expirat. Cereți-ne o invitație nouă.
invite-voided = Acest link de invitație nu mai este valabil: s-a trimis unul mai nou sau accesul a fost retras.
invite-unknown = Acest link nu este valabil. Verificați că ați copiat întreaga adresă din e-mail.
field-new-password = Parolă nouă
field-new-password-again = Parola nouă, din nou
password-hint = Cel puțin 12 caractere. Câteva cuvinte fără legătură formează o parolă puternică.
password-mismatch = Cele două parole nu coincid.
mail-invitation-subject = Accesul dvs. la portalul clienților { $company }
mail-invitation-greeting = Bună ziua, { $name },
mail-invitation-body = acum sunteți utilizator al portalului clienților { $company }, unde vă puteți urmări comenzile, facturile și abonamentele.
mail-invitation-until = Linkul funcționează o singură dată, până la { $until }.
mail-invitation-button = Alegeți parola

## Outgoing mail
nav-mail = E-mailuri trimise
mail-title = E-mailuri trimise
mail-filter = Stare
mail-status-all = Toate
mail-status-queued = În așteptare
mail-status-sent = Trimise
mail-status-failed = Eșuate
mail-none = Niciun mesaj.
mail-subject = Subiect
mail-to = Către
mail-status = Stare
mail-created = Pus în coadă la
mail-retry = Reîncearcă
mail-error = { $error } (încercări: { $attempts })
mail-sent-at = la { $when }
mail-not-failed = Doar un mesaj eșuat poate fi retrimis.
pager-older = Mai vechi

## Audit log
nav-audit = Jurnal de audit
audit-title = Jurnal de audit
audit-event = Eveniment
audit-all-events = Toate evenimentele
audit-user = Utilizator
audit-by = De către
audit-when = Când
audit-address = Adresă
audit-from = De la
audit-to = Până la
audit-apply = Aplică
audit-clear = Golește
audit-none = Niciun eveniment nu se potrivește.
audit-login_succeeded = Autentificare
audit-login_failed = Autentificare eșuată
audit-login_throttled = Autentificare blocată temporar
audit-logged_out = Deconectare
audit-user_created = Utilizator creat
audit-access_granted = Acces acordat
audit-access_revoked = Acces revocat
audit-reinvited = Invitat din nou
audit-invitation_accepted = Invitație acceptată

## Users
nav-users = Utilizatori
users-title = Utilizatori
user-title = Utilizator
users-filters = Arată
users-all = Toți utilizatorii
users-portal = Utilizatori portal
users-internal = Utilizatori interni
users-custom-filter = Filtru personalizat
users-field = Câmp
users-operator = Operator
users-value = Valoare
users-value-hint = portal, internal, yes, no, 2026-11-01 sau text
users-add-condition = Adaugă condiția
users-conditions = Condiții
users-remove-condition = Elimină { $condition }
users-field-groups = Grupuri
users-field-login = Utilizator
users-field-active = Activ
users-field-latest-login = Ultima autentificare
users-op-contains = conține
users-op-is = este
users-op-before = înainte de
users-op-after = după
users-none = Niciun utilizator nu se potrivește.
users-change-login = Schimbă utilizatorul
users-change-login-lead = Se schimbă doar adresa de autentificare; e-mailul contactului rămâne. Toate sesiunile acestui utilizator se încheie și ambele adrese sunt anunțate.
users-new-login = Utilizator nou
users-login-changed = Utilizatorul a fost schimbat.
users-login-same = Acesta este deja utilizatorul contului.
audit-login_changed = Utilizator schimbat
mail-login-changed-subject = Adresa de autentificare a contului a fost schimbată
mail-login-changed-body = Bună ziua, { $name },

    adresa cu care vă autentificați a fost schimbată din { $old } în { $new }.

    Dacă nu ați cerut acest lucru, anunțați-ne imediat.

users-invite-title = Invită un utilizator intern
users-invite-lead = Personalul și administratorii își aleg singuri parola prin linkul din invitație.
users-invite-submit = Trimite invitația
contacts-sort = Ordonează după
contacts-sort-name = Nume, A–Z
contacts-sort-name-desc = Nume, Z–A
contacts-sort-newest = Cele mai noi întâi

## Account security
nav-more = Mai multe
nav-security = Securitate
security-title = Securitatea contului
security-sessions = Sesiuni active
security-device = Dispozitiv
security-this-device = Acest dispozitiv
security-unknown-device = Browser necunoscut
security-started = Începută
security-last-seen = Ultima activitate
security-end-session = Deconectează
security-end-others = Deconectează toate celelalte sesiuni
security-current-session = Aceasta este sesiunea pe care o folosiți: deconectați-vă din meniu.
security-history = Autentificări recente
security-signed-in = Autentificare
security-failed = Încercare eșuată
security-edit = Editați setările de securitate
audit-password_changed = Parolă schimbată
security-password = Schimbă parola
security-current = Parola actuală
security-new = Parolă nouă
security-again = Parola nouă, din nou
security-password-submit = Schimbă parola
security-password-changed = Parola a fost schimbată. Toate celelalte sesiuni s-au încheiat.
security-current-wrong = Aceasta nu este parola actuală.
mail-password-changed-subject = Parola contului a fost schimbată
mail-password-changed-body = Bună ziua, { $name },

    parola contului dvs. tocmai a fost schimbată, iar toate celelalte sesiuni au fost deconectate.

    Dacă nu ați făcut acest lucru, resetați-vă parola imediat și anunțați-ne.

## Documents
documents-title = Documentele dumneavoastră
documents-quotations = Oferte
documents-orders = Comenzi de vânzare
documents-orders-admin = Oferte și comenzi
documents-invoices = Facturi
documents-subscriptions = Abonamente
documents-addresses = Adrese
documents-payment-methods = Metode de plată
documents-wallet = Portofel electronic
documents-invoices-note = { $unpaid } neachitate · { $overdue } restante
documents-none-quotations = Nicio ofertă nu corespunde.
documents-none-orders = Nicio comandă nu corespunde.
documents-none-invoices = Nicio factură nu corespunde.
documents-none-subscriptions = Niciun abonament nu corespunde.
documents-filters = Filtrați facturile
documents-search = Căutare
documents-search-hint = Referință, de ex. INV/2026
documents-sort = Sortare după
sort-date = Dată
sort-reference = Referință
sort-amount = Sumă
sort-state = Stare
sort-date-desc = Dată, cele mai noi întâi
sort-date-asc = Dată, cele mai vechi întâi
sort-reference-desc = Referință, Z–A
sort-reference-asc = Referință, A–Z
sort-amount-desc = Sumă, descrescător
sort-amount-asc = Sumă, crescător
sort-state-desc = Stare, Z–A
sort-state-asc = Stare, A–Z
filter-all = Toate
filter-unpaid = Neachitate
filter-overdue = Restante
filter-paid = Achitate
status-draft = Ciornă
status-sent = Trimisă
status-confirmed = Confirmată
status-cancelled = Anulată
status-not-paid = Neachitată
status-partial = Achitată parțial
status-paid = Achitată
status-overdue = Restantă
status-active = Activ
status-paused = Suspendat
status-cancelling = Se încheie la finalul perioadei
status-closed = Închis
period-month = Lunar
period-year = Anual
period-per-month = pe lună
period-per-year = pe an
payment-method-bank_transfer = Transfer bancar
payment-method-card = Card
payment-method-sepa_debit = Debit direct SEPA
payment-method-cash = Numerar
payment-method-ewallet = Portofel electronic
field-customer = Client
documents-reference = Referință
documents-order-date = Data comenzii
documents-invoice-date = Data facturii
documents-start-date = Data de început
documents-due-date = Scadență
documents-valid-until = Valabilă până la
documents-next-invoice = Următoarea factură
documents-ends-on = Se încheie la
documents-total = Total
documents-untaxed = Valoare fără TVA
documents-tax-at = TVA { $rate }
documents-paid = Achitat
documents-amount-due = Rest de plată
documents-recurring = Sumă recurentă
documents-state = Stare
documents-currency = Monedă
documents-plan = Plan
documents-period = Perioadă
documents-lines = Poziții
documents-line-n = Poziția { $n }
documents-description = Descriere
documents-quantity = Cantitate
documents-unit-price = Preț unitar
documents-discount = Reducere
documents-tax = TVA
documents-discount-percent = Reducere %
documents-tax-percent = TVA %
documents-amount = Valoare
documents-payments = Plăți primite
documents-no-payments = Nicio plată încă.
documents-from-order = Din comanda
documents-bill-to = Facturat către
documents-customer-heading = Client
documents-order = Comandă
documents-invoice = Factură
documents-subscription = Abonament
documents-quotation-title = Oferta { $reference }
documents-order-title = Comanda { $reference }
documents-invoice-title = Factura { $number }
documents-download-pdf = Descărcați PDF
documents-follow = Urmăriți
documents-following = Urmăriți ✓
documents-follow-hint = Cei care urmăresc primesc un e-mail când documentul se schimbă: o factură emisă, o comandă confirmată, o plată primită.
documents-note = Notă
documents-lines-hint = Rândurile goale sunt ignorate. Salvați pentru a primi rânduri goale noi.
documents-choose-customer = Alegeți un client
documents-new-quotation = Ofertă nouă
documents-new-invoice = Factură nouă
documents-new-subscription = Abonament nou
documents-save = Salvați
documents-send = Marcați ca trimisă
documents-confirm = Confirmați comanda
documents-create-invoice = Creați factura
documents-post = Emiteți factura
documents-cancel = Anulați documentul
documents-cancel-confirm = Anulați acest document? Clienții îl vor vedea ca anulat. Acțiunea nu poate fi inversată.
documents-pause = Suspendați
documents-resume = Reluați
documents-cancel-at-end = Anulați la finalul perioadei
documents-cancel-at-end-confirm = Anulați acest abonament la finalul perioadei curente?
documents-close = Închideți acum
documents-close-confirm = Închideți acest abonament acum? Nu se va mai reînnoi.
documents-record-payment = Înregistrați plata
documents-method = Metodă
documents-received-on = Primită la
documents-payment-reference = Referința plății
documents-payments-admin = Plăți
error-amount = Introduceți o sumă, de exemplu 1250,50.
error-quantity = Introduceți o cantitate mai mare ca zero, de exemplu 1 sau 2,5.
error-percentage = Introduceți un procent între 0 și 100.
error-date = Introduceți o dată.
error-due-before-date = Această dată nu poate fi înaintea datei documentului.
error-no-lines = Adăugați cel puțin o poziție.
error-choice = Alegeți una dintre opțiuni.
error-more-than-due = Suma depășește restul de plată.
error-document-state = Starea documentului nu mai permite acest lucru. Reîncărcați pagina pentru a-l vedea așa cum este acum.
error-already-invoiced = Această comandă are deja o factură.
audit-payment_recorded = Plată înregistrată
mail-document-greeting = Bună ziua, { $name },
mail-document-button = Vedeți în portal
mail-invoice-posted-subject = Factură nouă { $reference }
mail-invoice-posted-body = Factura { $reference } în valoare de { $amount } este acum în portalul dumneavoastră.
mail-order-confirmed-subject = Comanda { $reference } a fost confirmată
mail-order-confirmed-body = Comanda dumneavoastră { $reference } în valoare de { $amount } a fost confirmată.
mail-payment-received-subject = Plată primită pentru { $reference }
mail-payment-received-body = Am primit plata dumneavoastră de { $amount } pentru factura { $reference }. Vă mulțumim.
details-edit = Editați
details-edit-title = Datele dumneavoastră
details-email-hint = La această adresă vă scriem. Nu schimbă adresa cu care vă autentificați; aceasta poate fi schimbată de personalul companiei.
details-confirm = Confirmați
details-cancel = Renunțați
field-country-hint = Două litere, de exemplu RO sau ES.
addresses-title = Adrese
address-kind-main = Adresa principală
address-kind-billing = Adresă de facturare
address-kind-delivery = Adresă de livrare
addresses-edit-in-details = Editați în Date
addresses-main-hint = Adresa principală face parte din datele dumneavoastră și nu poate fi ștearsă.
addresses-edit = Modificați
addresses-remove = Ștergeți
addresses-remove-confirm = Ștergeți această adresă?
addresses-edit-title = Modificați adresa
addresses-add-title = Adăugați o adresă
addresses-kind = Tipul adresei
addresses-name = Numele de pe adresă
addresses-save = Salvați adresa
login-forgot = Ați uitat parola?
reset-done = Parola a fost schimbată. Autentificați-vă cu cea nouă.
reset-title = Resetați parola
reset-lead = Introduceți adresa de e-mail cu care vă autentificați. Dacă aparține unui cont, vă trimitem un link pentru a alege o parolă nouă.
reset-submit = Trimiteți linkul
reset-sent = Dacă un cont folosește această adresă, un e-mail cu un link este pe drum. Linkul funcționează o singură dată, câteva ore. Verificați și dosarul de spam dacă nu ajunge.
reset-back = Înapoi la autentificare
reset-choose-title = Alegeți o parolă nouă
reset-choose-lead = Alegeți o parolă nouă pentru contul dumneavoastră. Toate sesiunile contului se vor încheia și vă veți autentifica din nou.
reset-choose-submit = Salvați parola nouă
reset-used = Acest link a fost deja folosit. Cereți unul nou dacă mai aveți nevoie.
reset-expired = Acest link a expirat. Cereți unul nou.
reset-voided = Acest link nu mai funcționează: a fost trimis unul mai nou sau s-a schimbat parola ori adresa de autentificare. Cereți unul nou dacă aveți nevoie.
reset-unknown = Acest link nu este valid. Verificați că l-ați copiat întreg sau cereți unul nou.
reset-again = Cereți un link nou
mail-reset-subject = Resetați parola Portico
mail-reset-greeting = Bună ziua, { $name },
mail-reset-body = Cineva a cerut resetarea parolei contului dumneavoastră. Dacă ați fost dumneavoastră, alegeți o parolă nouă cu butonul de mai jos. Dacă nu, puteți ignora acest e-mail: parola rămâne aceeași.
mail-reset-until = Linkul funcționează o singură dată, până la { $until }.
mail-reset-button = Alegeți o parolă nouă
audit-password_reset_requested = Resetare de parolă cerută
audit-password_reset = Parolă resetată
