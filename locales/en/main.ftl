# Portico — English

## Errors
error-unauthenticated = Your session has ended. Please log in again.
error-forbidden = You do not have access to this.
error-not-found = We could not find that.
error-invalid-credentials = The email address or password is incorrect.
error-too-many-attempts = Too many failed attempts. Please wait 15 minutes and try again.
error-invalid = Some fields need your attention.
error-bad-request = The request could not be understood. Please reload the page and try again.
error-cross-site = This request came from another site and was refused.
error-server = Something went wrong on our side. Please try again in a moment.
error-network = We could not reach the server. Check your connection and try again.
error-taken = This email address is already used by another account.
error-email-required = Enter an email address.
error-email-malformed = Enter a valid email address, such as name@example.com.
error-unknown-language = This language is not available.
error-required = This field is required.
error-too-long = This is too long.
error-control-characters = This contains characters that cannot be used here.
error-malformed = This does not look right. Check it and try again.
error-unknown-country = Choose a country from the list (a two-letter code such as RO or ES).
error-zip-country = This postal code does not match the country's format.

## Password rules
password-too-short = Use at least 12 characters.
password-too-long = Use at most 128 characters.
password-common = This password is too common. Choose one that is harder to guess.
password-personal = Do not build your password from your name or email address.
password-product = Do not use the product's name in your password.
password-guessable = This password is too easy to guess. A few unrelated words make a strong one.

## Fields
field-email = Email
field-password = Password
field-name = Name
field-login = Login
field-role = Role
field-signed-in-at = Signed in
details-title = Details
field-company = Company
field-phone = Phone
field-address = Address
value-not-given = Not given

## Login and logout
login-title = Log in
login-lead = Welcome to your customer portal.
login-submit = Log in
login-again = Log in again
logout-title = Log out
logout-confirm = You are logged in as { $name }. Log out now?
logout-submit = Log out
logout-done = You have been logged out.

## Layout
skip-to-content = Skip to content
language-label = Language
language-apply = Apply
nav-label = Main navigation
nav-portal-home = Home
nav-admin-home = Dashboard
area-back-office = Back office
footer-text = Portico customer portal
go-home = Go to the home page
not-found-title = Page not found
not-found-text = The page you asked for does not exist or is no longer available.
forbidden-title = Access denied
forbidden-text = Your account does not have access to this page.

## Portal
portal-home-title = My account
portal-greeting = Hello, { $name }
portal-lead = Follow your orders, invoices and subscriptions in one place.
account-title = Your account

## Back office
admin-home-title = Dashboard
admin-greeting = Welcome, { $name }
admin-lead = Manage contacts, portal access and the documents your customers see.
role-admin = Administrator
role-staff = Staff
role-portal = Portal user
summary-title = At a glance
summary-companies = Companies
summary-individuals = Individuals
summary-portal-users = Portal users
summary-staff-users = Internal users

## Dates
date-format = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Email
mail-signature = — Portico, your customer portal
mail-new-sign-in-subject = New sign-in to your account
mail-new-sign-in-body = Hello { $name },

    your account was just used to sign in from a browser it had not used before.

    When: { $when }
    Address: { $ip }
    Browser: { $browser }

    If this was you, there is nothing to do. If not, change your password at once and tell us.

## Contacts (back office)
nav-contacts = Contacts
contacts-title = Contacts
contacts-create = Create
contacts-search = Search
contacts-search-hint = Name, email or company
contacts-filters = Show
contacts-filter-all = All
contacts-filter-companies = Companies
contacts-filter-individuals = Individuals
contacts-filter-portal = Portal users
contacts-none = No contacts match.
contacts-portal = Portal
contacts-portal-user = Portal user
contacts-select = Select { $name }
contacts-select-column = Select
contacts-selected = Selected: { $count }
pager-label = Pages
pager-previous = Previous
pager-next = Next
contact-title = Contact
contact-new-title = New contact
contact-action = Action
contact-kind = Type
contact-kind-company = Company
contact-kind-individual = Individual
contact-parent = Company
contact-parent-none = No company
contact-save = Save
contact-cancel = Cancel
contact-delete = Delete
contact-delete-confirm = Delete this contact? This cannot be undone.
contact-related = Related contacts
contact-lang-none = Not set
contact-parent-not-company = Choose a company.
contact-company-has-people = Contacts belong to this company: it cannot become an individual.
contact-in-use = This contact has a user or related contacts, so it cannot be deleted.
field-street = Street
field-street2 = Street 2
field-city = City
field-zip = ZIP
field-state = State
field-country = Country
field-vat = VAT number
field-language = Language
language-en = English
language-ro = Română
language-es = Español

## Portal access
access-grant-action = Grant portal access
access-grant-all = Grant access to all related contacts
access-title = Portal access
access-lead = The email address is the login. The contact receives an invitation to choose a password.
access-none = None of these contacts exist.
access-contact = Contact
access-latest-login = Latest authentication
access-invitation = Invitation
access-actions = Actions
access-email-for = Email of { $name }
access-grant = Grant access
access-revoke = Revoke access
access-reinvite = Re-invite
access-revoke-confirm = Revoke the portal access of { $name }? Their sessions end at once.
access-never = Never
access-active = Active
access-revoked = Revoked
access-no-access = No access
access-internal = Internal user
access-internal-user = This contact is an internal user; manage it under Users.
access-already-granted = This contact already has portal access.
access-not-granted = This contact has no portal access.
access-not-invited = This contact has already accepted the invitation.
invitation-queued = Invitation queued
invitation-sent = Invitation sent
invitation-failed = Invitation failed
invitation-accepted = Invitation accepted
invitation-expired = Invitation expired
dialog-close = Close

## Invitation
invite-title = Welcome to the portal
invite-lead = Hello { $name }, choose a password to finish setting up your account.
invite-submit = Set password and log in
invite-used = This invitation link has already been used. Log in with your password.
invite-expired = This invitation link has expired. Ask us for a new invitation.
invite-voided = This invitation link is no longer valid: a newer one was sent, or access was withdrawn.
invite-unknown = This link is not valid. Check that you copied the whole address from the email.
field-new-password = New password
field-new-password-again = New password again
password-hint = At least 12 characters. A few unrelated words make a strong password.
password-mismatch = The two passwords do not match.
mail-invitation-subject = Your access to the { $company } customer portal
mail-invitation-greeting = Hello { $name },
mail-invitation-body = you are now a user of the { $company } customer portal, where you can follow your orders, invoices and subscriptions.
mail-invitation-until = The link works once, until { $until }.
mail-invitation-button = Choose your password

## Outgoing mail
nav-mail = Outgoing mail
mail-title = Outgoing mail
mail-filter = Status
mail-status-all = All
mail-status-queued = Queued
mail-status-sent = Sent
mail-status-failed = Failed
mail-none = No messages.
mail-subject = Subject
mail-to = To
mail-status = Status
mail-created = Queued at
mail-retry = Retry
mail-error = { $error } (attempts: { $attempts })
mail-sent-at = on { $when }
mail-not-failed = Only a message that failed can be retried.
pager-older = Older

## Audit log
nav-audit = Audit log
audit-title = Audit log
audit-event = Event
audit-all-events = All events
audit-user = User
audit-by = By
audit-when = When
audit-address = Address
audit-from = From
audit-to = To
audit-apply = Apply
audit-clear = Clear
audit-none = No events match.
audit-login_succeeded = Logged in
audit-login_failed = Failed login
audit-login_throttled = Login throttled
audit-logged_out = Logged out
audit-user_created = User created
audit-access_granted = Access granted
audit-access_revoked = Access revoked
audit-reinvited = Re-invited
audit-invitation_accepted = Invitation accepted

## Users
nav-users = Users
users-title = Users
user-title = User
users-filters = Show
users-all = All users
users-portal = Portal users
users-internal = Internal users
users-custom-filter = Custom filter
users-field = Field
users-operator = Operator
users-value = Value
users-value-hint = portal, internal, yes, no, 2026-11-01 or text
users-add-condition = Add condition
users-conditions = Conditions
users-remove-condition = Remove { $condition }
users-field-groups = Groups
users-field-login = Login
users-field-active = Active
users-field-latest-login = Latest authentication
users-op-contains = contains
users-op-is = is
users-op-before = before
users-op-after = after
users-none = No users match.
users-change-login = Change login
users-change-login-lead = Only the address used to log in changes; the contact's own email stays. Every session of this user ends, and both addresses are told.
users-new-login = New login
users-login-changed = The login was changed.
users-login-same = This is already the user's login.
audit-login_changed = Login changed
mail-login-changed-subject = The login of your account was changed
mail-login-changed-body = Hello { $name },

    the address you log in with was changed from { $old } to { $new }.

    If you did not ask for this, tell us at once.

users-invite-title = Invite an internal user
users-invite-lead = Staff and administrators choose their own password through the link in the invitation.
users-invite-submit = Send invitation
contacts-sort = Sort by
contacts-sort-name = Name, A to Z
contacts-sort-name-desc = Name, Z to A
contacts-sort-newest = Newest first

## Account security
nav-security = Security
security-title = Account security
security-sessions = Active sessions
security-device = Device
security-this-device = This device
security-unknown-device = Unknown browser
security-started = Started
security-last-seen = Last seen
security-end-session = Log out
security-end-others = Log out all other sessions
security-current-session = This is the session you are using: log out from the menu instead.
security-history = Recent sign-ins
security-signed-in = Signed in
security-failed = Failed attempt
security-edit = Edit security settings
audit-password_changed = Password changed
security-password = Change password
security-current = Current password
security-new = New password
security-again = New password again
security-password-submit = Change password
security-password-changed = Your password was changed. Every other session has ended.
security-current-wrong = This is not your current password.
mail-password-changed-subject = Your password was changed
mail-password-changed-body = Hello { $name },

    the password of your account was just changed, and every other session was logged out.

    If you did not do this, reset your password at once and tell us.
